// A minimal PNG writer (grayscale, 8 bit) on zlib: enough for printable QR images without libpng.
#include <zlib.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "greenlight/qr/printable.hpp"

namespace greenlight {
namespace {

void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// length, type, data, CRC-32 over type and data (PNG spec 5.3).
void put_chunk(std::string& out, std::string_view type, std::string_view data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type);
  body.append(data);
  out.append(body);
  auto crc = crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  put_u32(out, static_cast<std::uint32_t>(crc));
}

std::string header(const GrayImage& image) {
  std::string ihdr;
  put_u32(ihdr, static_cast<std::uint32_t>(image.width));
  put_u32(ihdr, static_cast<std::uint32_t>(image.height));
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit depth, grayscale, deflate, adaptive filters, no interlace
  return ihdr;
}

// Each row gets filter byte 0 (None): QR rows are long runs, which deflate already packs well.
std::string compressed_rows(const GrayImage& image) {
  std::vector<Bytef> raw;
  raw.reserve(static_cast<std::size_t>(image.width + 1) * image.height);
  for (int y = 0; y < image.height; ++y) {
    raw.push_back(0);
    auto row = image.pixels.begin() + static_cast<std::ptrdiff_t>(y) * image.width;
    raw.insert(raw.end(), row, row + image.width);
  }
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  // Only fails on out-of-memory or a too-small buffer, neither of which a caller can handle.
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, raw.data(), static_cast<uLong>(raw.size()), 9) != Z_OK)
    throw std::runtime_error("zlib compress2 failed");
  out.resize(size);
  return out;
}

}  // namespace

std::string to_png(const GrayImage& image, int dpi) {
  std::string out("\x89PNG\r\n\x1a\n", 8);
  put_chunk(out, "IHDR", header(image));
  if (dpi > 0) {
    std::string phys;
    auto per_metre = static_cast<std::uint32_t>(dpi / 0.0254 + 0.5);
    put_u32(phys, per_metre);
    put_u32(phys, per_metre);
    phys.push_back('\x01');  // unit: metre
    put_chunk(out, "pHYs", phys);
  }
  put_chunk(out, "IDAT", compressed_rows(image));
  put_chunk(out, "IEND", "");
  return out;
}

}  // namespace greenlight
