// Private: the evaluation function of every operator, per dialect (_jl: JsonLogic, _cl: CertLogic, neither:
// shared). compile.cpp picks one per node; each file operators_*.cpp holds one family.
#pragma once

#include "program.hpp"

namespace greenlight::rules::detail {

// Structure (operators_structure.cpp) and data access (var.cpp).
Value eval_literal(const Node& n, Ctx& c, const Scope& s);
Value eval_array(const Node& n, Ctx& c, const Scope& s);
Value eval_var_static(const Node& n, Ctx& c, const Scope& s);
Value eval_var_dynamic(const Node& n, Ctx& c, const Scope& s);

// Logic (operators_logic.cpp).
Value eval_if_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_if_cl(const Node& n, Ctx& c, const Scope& s);
Value eval_and_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_and_cl(const Node& n, Ctx& c, const Scope& s);
Value eval_or_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_not_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_not_cl(const Node& n, Ctx& c, const Scope& s);
Value eval_notnot_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_log(const Node& n, Ctx& c, const Scope& s);

// Comparison (operators_compare.cpp).
Value eval_loose_eq(const Node& n, Ctx& c, const Scope& s);
Value eval_loose_ne(const Node& n, Ctx& c, const Scope& s);
Value eval_strict_eq(const Node& n, Ctx& c, const Scope& s);
Value eval_strict_ne(const Node& n, Ctx& c, const Scope& s);
Value eval_lt_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_le_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_gt_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_ge_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_lt_cl(const Node& n, Ctx& c, const Scope& s);
Value eval_le_cl(const Node& n, Ctx& c, const Scope& s);
Value eval_gt_cl(const Node& n, Ctx& c, const Scope& s);
Value eval_ge_cl(const Node& n, Ctx& c, const Scope& s);
Value eval_in_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_in_cl(const Node& n, Ctx& c, const Scope& s);

// Arithmetic (operators_arith.cpp).
Value eval_add_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_add_cl(const Node& n, Ctx& c, const Scope& s);
Value eval_sub(const Node& n, Ctx& c, const Scope& s);
Value eval_mul(const Node& n, Ctx& c, const Scope& s);
Value eval_div(const Node& n, Ctx& c, const Scope& s);
Value eval_mod(const Node& n, Ctx& c, const Scope& s);
Value eval_min(const Node& n, Ctx& c, const Scope& s);
Value eval_max(const Node& n, Ctx& c, const Scope& s);

// Strings (operators_string.cpp).
Value eval_cat(const Node& n, Ctx& c, const Scope& s);
Value eval_substr(const Node& n, Ctx& c, const Scope& s);

// Arrays and lambdas (operators_array.cpp).
Value eval_merge(const Node& n, Ctx& c, const Scope& s);
Value eval_missing(const Node& n, Ctx& c, const Scope& s);
Value eval_missing_some(const Node& n, Ctx& c, const Scope& s);
Value eval_map(const Node& n, Ctx& c, const Scope& s);
Value eval_filter(const Node& n, Ctx& c, const Scope& s);
Value eval_reduce_jl(const Node& n, Ctx& c, const Scope& s);
Value eval_reduce_cl(const Node& n, Ctx& c, const Scope& s);
Value eval_all(const Node& n, Ctx& c, const Scope& s);
Value eval_none(const Node& n, Ctx& c, const Scope& s);
Value eval_some(const Node& n, Ctx& c, const Scope& s);

// CertLogic extensions (operators_certlogic.cpp).
Value eval_plus_time(const Node& n, Ctx& c, const Scope& s);
Value eval_dcc_date_of_birth(const Node& n, Ctx& c, const Scope& s);
Value eval_extract_from_uvci(const Node& n, Ctx& c, const Scope& s);
Value eval_after(const Node& n, Ctx& c, const Scope& s);
Value eval_before(const Node& n, Ctx& c, const Scope& s);
Value eval_not_after(const Node& n, Ctx& c, const Scope& s);
Value eval_not_before(const Node& n, Ctx& c, const Scope& s);

}  // namespace greenlight::rules::detail
