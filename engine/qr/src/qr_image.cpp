// QR rendering with ZXing-C++'s MultiFormatWriter (Debian's libzxing).
#include "greenlight/qr/qr_image.hpp"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <exception>

namespace greenlight {
namespace {

// The bare symbol, one matrix cell per module (no quiet zone: we add our own).
Result<ZXing::BitMatrix> encode(std::string_view text) {
  if (text.empty()) return make_error("qr.encode", "nothing to encode");
  try {
    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setMargin(0);
    return writer.encode(std::string(text), 0, 0);
  } catch (const std::exception& e) {
    return make_error("qr.encode", std::string("cannot encode as QR: ") + e.what());
  }
}

}  // namespace

Result<GrayImage> render_qr(std::string_view text, const QrOptions& options) {
  auto matrix = encode(text);
  if (!matrix) return matrix.error();
  int scale = std::max(1, options.module_pixels), quiet = std::max(0, options.quiet_modules);
  int modules = matrix->width();
  GrayImage image;
  image.width = image.height = (modules + 2 * quiet) * scale;
  image.pixels.assign(static_cast<std::size_t>(image.width) * image.height, 255);
  for (int y = 0; y < modules; ++y)
    for (int x = 0; x < modules; ++x)
      if (matrix->get(x, y))
        for (int dy = 0; dy < scale; ++dy)
          std::fill_n(
              &image.pixels[static_cast<std::size_t>((y + quiet) * scale + dy) * image.width + (x + quiet) * scale],
              scale, 0);
  return image;
}

std::string to_pgm(const GrayImage& image) {
  std::string out = "P5\n" + std::to_string(image.width) + " " + std::to_string(image.height) + "\n255\n";
  out.append(reinterpret_cast<const char*>(image.pixels.data()), image.pixels.size());
  return out;
}

Result<std::string> render_qr_svg(std::string_view text, const QrOptions& options) {
  auto matrix = encode(text);
  if (!matrix) return matrix.error();
  int quiet = std::max(0, options.quiet_modules);
  int size = matrix->width() + 2 * quiet;
  std::string path;
  for (int y = 0; y < matrix->height(); ++y)
    for (int x = 0; x < matrix->width(); ++x)
      if (matrix->get(x, y)) path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(size) + " " +
         std::to_string(size) +
         "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" "
         "d=\"" +
         path + "\"/></svg>\n";
}

}  // namespace greenlight
