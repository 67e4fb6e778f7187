// QR symbols as images, natively (ZXing-C++'s writer): for printable codes, posters and test cameras.
// Not part of the wasm module (the browser reads codes; it does not print them).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "greenlight/error.hpp"

namespace greenlight {

struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // row-major, 0 = black, 255 = white
};

struct QrOptions {
  int module_pixels = 4;  // pixels per QR module
  int quiet_modules = 4;  // quiet zone, in modules (the standard asks for 4)
};

// Errors: qr.encode (the text does not fit a QR symbol, or is empty).
Result<GrayImage> render_qr(std::string_view text, const QrOptions& options = {});

// Binary PGM (P5): what ffmpeg and most tools read without extra libraries.
std::string to_pgm(const GrayImage& image);

// An SVG with one path of unit squares (scales to any print size without blur).
Result<std::string> render_qr_svg(std::string_view text, const QrOptions& options = {});

}  // namespace greenlight
