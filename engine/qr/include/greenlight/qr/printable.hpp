// Printable documents the server hands out: the poster a venue tapes at its entrance (its place code) and
// the paper card someone without a phone carries (a proxy code). Native only, part of greenlight::qr.
//
// Every text field is escaped for XML/HTML, so names may contain & < > " '. Text must be UTF-8; control
// characters (which XML cannot carry) print as spaces. Locales starting with "zh" put Chinese first, any
// other locale puts English first; both languages are always printed.
#pragma once

#include <string>

#include "greenlight/error.hpp"
#include "greenlight/qr/qr_image.hpp"

namespace greenlight {

struct PlacePoster {
  std::string place_name;      // required, printed large
  std::string address;         // optional, printed small at the bottom
  std::string category_label;  // optional, e.g. "商场", printed under the name
  std::string region;          // optional, e.g. "310106"
  std::string place_id;        // optional, e.g. "pl-0042", printed small at the bottom
  std::string code_url;        // required: the QR content, a URL whose fragment is a GL1 place code (~600 chars)
  std::string locale = "zh-CN";
};

// The full poster: A4 portrait, width="210mm" height="297mm", viewBox in millimetres; a bilingual title,
// the place name, the QR centred (150 mm with its 4-module quiet zone, so the symbol itself is at least
// 120 mm for any code of 32 modules or more, which every GL1 place URL is), scanning instructions,
// address and place id.
// Errors: print.invalid (empty name or URL, text that is not UTF-8), qr.encode (the URL does not fit a QR).
Result<std::string> render_place_poster_svg(const PlacePoster& poster);

// The code only, NOT the poster: an 8-bit grayscale PNG of the QR with its 4-module quiet zone and a thin
// black cut border, scaled so the symbol is about 120 mm wide at `dpi` (the pHYs chunk records the dpi, so
// printing at "actual size" gives 120 mm). Use the SVG above for the full poster with text.
// Errors: print.invalid (as above, or dpi outside 50..1200), qr.encode.
Result<std::string> render_place_poster_png(const PlacePoster& poster, int dpi = 150);

struct ProxyCard {
  std::string masked_name;                     // required, e.g. "张*丰"
  std::string masked_id_number;                // e.g. "3101**********1234"
  std::string issued_date;                     // YYYY-MM-DD (or empty)
  std::string code_text;                       // required: "GL1:..."
  std::string emergency_contact_masked_phone;  // e.g. "138****1234"
  std::string claim_code;                      // e.g. "K7QM-4XPD-2RTA": lets the holder claim the record with an
                                               // account of their own (empty: none, or already claimed)
  std::string locale = "zh-CN";
};

// A self-contained printable HTML page (no external resources): an A6 portrait card with the QR as
// inline SVG (70 mm), the masked name, ID number, issue date, emergency contact and claim code, and a bilingual
// note.
// Black on white. Errors: print.invalid (empty name, code not starting "GL1:", date not YYYY-MM-DD, text
// that is not UTF-8), qr.encode.
Result<std::string> render_proxy_card_html(const ProxyCard& card);

// An 8-bit grayscale PNG (zlib-compressed, no interlace). With dpi > 0 it carries a pHYs chunk so viewers
// and printers know the physical size.
std::string to_png(const GrayImage& image, int dpi = 0);

}  // namespace greenlight
