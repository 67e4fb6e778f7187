// Umbrella header for embedding the engine.
#pragma once

#include "greenlight/cbor.hpp"
#include "greenlight/config.hpp"
#include "greenlight/cose.hpp"
#include "greenlight/credential.hpp"
#include "greenlight/crypto.hpp"
#include "greenlight/encoding.hpp"
#include "greenlight/error.hpp"
#include "greenlight/gl1_text.hpp"
#include "greenlight/issuer.hpp"
#include "greenlight/jws.hpp"
#include "greenlight/result_json.hpp"
#include "greenlight/trust_list.hpp"
#include "greenlight/verifier.hpp"
#include "greenlight/version.hpp"
