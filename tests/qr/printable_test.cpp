// Printable documents: the place poster (SVG, PNG) and the proxy card (HTML). Every QR is read back with
// ZXing-C++'s reader from what the document itself carries (the PNG's bytes, the SVG path), not from a
// fresh rendering, so a broken encoder or layout cannot pass.
#include <catch2/catch.hpp>
#include <zlib.h>

#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "greenlight/qr/printable.hpp"

using namespace greenlight;

namespace {

// A place URL of about 600 characters, like a real one (base URL + "#" + GL1 code in Base45's alphabet).
std::string long_place_url() {
  constexpr std::string_view alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:";
  std::string url = "https://checkin.example.cn/c#GL1:";
  std::uint32_t x = 12345;
  while (url.size() < 600) {
    x = x * 1103515245u + 12345u;
    url += alphabet[(x >> 16) % alphabet.size()];
  }
  return url;
}

PlacePoster sample_poster() {
  PlacePoster p;
  p.place_name = "静安寺商场";
  p.address = "上海市静安区南京西路1686号";
  p.category_label = "商场";
  p.region = "310106";
  p.place_id = "pl-0042";
  p.code_url = long_place_url();
  return p;
}

std::string decode_qr(const GrayImage& image) {
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  auto result = ZXing::ReadBarcode({image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum}, hints);
  if (!result.isValid()) return "<no QR found>";
  const auto& bytes = result.bytes();  // the raw content: exact, no character-set guessing
  return {bytes.begin(), bytes.end()};
}

std::uint32_t be32(std::string_view s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

struct Png {
  GrayImage image;
  std::uint32_t pixels_per_metre = 0;
};

// A tiny PNG reader for what to_png writes (grayscale 8-bit, filter 0): checks the signature, every
// chunk's CRC and the zlib stream, so a passing test means any PNG reader can open the file.
Png read_png(std::string_view png) {
  REQUIRE(png.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8));
  Png out;
  std::string idat;
  bool ended = false;
  for (std::size_t at = 8; at < png.size();) {
    REQUIRE(at + 12 <= png.size());
    std::uint32_t length = be32(png, at);
    REQUIRE(at + 12 + length <= png.size());
    auto type = png.substr(at + 4, 4);
    auto data = png.substr(at + 8, length);
    auto crc = crc32(0L, reinterpret_cast<const Bytef*>(png.data() + at + 4), length + 4);
    REQUIRE(be32(png, at + 8 + length) == crc);
    if (type == "IHDR") {
      REQUIRE(length == 13);
      out.image.width = static_cast<int>(be32(data, 0));
      out.image.height = static_cast<int>(be32(data, 4));
      REQUIRE(data.substr(8) == std::string_view("\x08\x00\x00\x00\x00", 5));
    } else if (type == "pHYs") {
      REQUIRE(be32(data, 0) == be32(data, 4));
      out.pixels_per_metre = be32(data, 0);
    } else if (type == "IDAT") {
      idat.append(data);
    } else if (type == "IEND") {
      ended = true;
    }
    at += 12 + length;
  }
  REQUIRE(ended);
  auto w = static_cast<std::size_t>(out.image.width), h = static_cast<std::size_t>(out.image.height);
  std::string raw((w + 1) * h, '\0');
  uLongf size = raw.size();
  REQUIRE(uncompress(reinterpret_cast<Bytef*>(raw.data()), &size, reinterpret_cast<const Bytef*>(idat.data()),
                     idat.size()) == Z_OK);
  REQUIRE(size == raw.size());
  bool filters_none = true;
  for (std::size_t y = 0; y < h; ++y) {
    filters_none = filters_none && raw[y * (w + 1)] == 0;
    out.image.pixels.insert(out.image.pixels.end(), raw.begin() + y * (w + 1) + 1, raw.begin() + (y + 1) * (w + 1));
  }
  REQUIRE(filters_none);
  return out;
}

// Rasterises the QR that render_qr_svg embeds (viewBox "0 0 N N", one path of "Mx yh1v1h-1z" squares)
// at 4 px per module, so ZXing can read what the document really prints.
GrayImage rasterise_svg_qr(const std::string& doc) {
  auto svg = doc.find("shape-rendering=\"crispEdges\"");
  REQUIRE(svg != std::string::npos);
  auto box = doc.rfind("viewBox=\"0 0 ", svg);
  REQUIRE(box != std::string::npos);
  int n = std::stoi(doc.substr(box + 13));
  auto d = doc.find(" d=\"", svg);
  REQUIRE(d != std::string::npos);
  auto end = doc.find('"', d + 4);
  std::string path = doc.substr(d + 4, end - d - 4);
  constexpr int s = 4;
  GrayImage image;
  image.width = image.height = n * s;
  image.pixels.assign(static_cast<std::size_t>(n * s) * n * s, 255);
  int x = 0, y = 0, used = 0;
  const char* p = path.c_str();
  for (; std::sscanf(p, "M%d %dh1v1h-1z%n", &x, &y, &used) == 2 && x >= 0 && x < n && y >= 0 && y < n; p += used) {
    for (int dy = 0; dy < s; ++dy)
      std::fill_n(&image.pixels[static_cast<std::size_t>(y * s + dy) * image.width + x * s], s, 0);
  }
  REQUIRE(*p == '\0');  // every square parsed and inside the symbol
  return image;
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("printable: place poster SVG is an A4 page with the code and escaped text", "[printable]") {
  auto poster = sample_poster();
  poster.place_name = "A&B <Café> \"x\" 'y'";
  auto svg = render_place_poster_svg(poster);
  REQUIRE(svg.ok());
  CHECK(svg->rfind("<?xml", 0) == 0);
  CHECK(
      svg->find("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"297mm\" viewBox=\"0 0 210 297\"") !=
      std::string::npos);
  CHECK(count(*svg, "<svg") == count(*svg, "</svg>"));
  CHECK(count(*svg, "<text") == count(*svg, "</text>"));
  CHECK(svg->find("A&amp;B &lt;Café&gt; &quot;x&quot; &#39;y&#39;") != std::string::npos);
  CHECK(svg->find("<Café>") == std::string::npos);
  CHECK(svg->find("font-family=\"WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif\"") != std::string::npos);
  CHECK(svg->find("场所码") < svg->find("Place code"));
  CHECK(svg->find("请使用手机扫码登记") != std::string::npos);
  CHECK(svg->find("pl-0042") != std::string::npos);
  CHECK(svg->find("width=\"150\" height=\"150\"") != std::string::npos);  // the QR box, in mm
  CHECK(decode_qr(rasterise_svg_qr(*svg)) == poster.code_url);

  poster.locale = "en";
  auto en = render_place_poster_svg(poster);
  REQUIRE(en.ok());
  CHECK(en->find("Place code") < en->find("场所码"));
  CHECK(en->find("xml:lang=\"en\"") != std::string::npos);
}

TEST_CASE("printable: place poster PNG is a valid PNG whose QR reads back the exact URL", "[printable]") {
  auto poster = sample_poster();
  auto png = render_place_poster_png(poster);
  REQUIRE(png.ok());
  auto read = read_png(*png);
  CHECK(read.pixels_per_metre == 5906);  // 150 dpi
  // Layout: a 1 px cut border, then the quiet zone (4 modules) around the symbol, at a whole number of
  // pixels per module chosen so the symbol is about 120 mm wide at 150 dpi.
  auto bare = render_qr(poster.code_url, QrOptions{1, 0});
  REQUIRE(bare.ok());
  int n = bare->width, scale = (read.image.width - 2) / (n + 8);
  CHECK(read.image.width == (n + 8) * scale + 2);
  CHECK(n * scale * 25.4 / 150 == Approx(120).epsilon(0.1));
  CHECK(read.image.pixels.front() == 0);  // the black cut border
  CHECK(decode_qr(read.image) == poster.code_url);

  auto hi = render_place_poster_png(poster, 300);
  REQUIRE(hi.ok());
  CHECK(read_png(*hi).image.width > 2 * read.image.width - 50);
}

TEST_CASE("printable: place poster refuses what it cannot print", "[printable]") {
  auto poster = sample_poster();
  CHECK(render_place_poster_png(poster, 10).error().code == "print.invalid");
  poster.place_name.clear();
  CHECK(render_place_poster_svg(poster).error().code == "print.invalid");
  poster = sample_poster();
  poster.code_url.clear();
  CHECK(render_place_poster_png(poster).error().code == "print.invalid");
  poster = sample_poster();
  poster.address = "\xff\xfe";
  CHECK(render_place_poster_svg(poster).error().code == "print.invalid");
  poster = sample_poster();
  poster.code_url = std::string(8000, 'x');  // beyond the largest QR symbol
  CHECK(render_place_poster_svg(poster).error().code == "qr.encode");
  CHECK(render_place_poster_png(poster).error().code == "qr.encode");
}

TEST_CASE("printable: proxy card HTML is self-contained, escaped, and its QR reads back the code", "[printable]") {
  ProxyCard card;
  card.masked_name = "张*<b>&";
  card.masked_id_number = "3101**********1234";
  card.issued_date = "2026-01-15";
  card.code_text = "GL1:6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLRR+%3";
  card.emergency_contact_masked_phone = "138****1234";
  auto html = render_proxy_card_html(card);
  REQUIRE(html.ok());
  CHECK(html->rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html->find("<html lang=\"zh-CN\">") != std::string::npos);
  CHECK(html->find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html->find("size: A6 portrait") != std::string::npos);
  CHECK(html->find("@media print") != std::string::npos);
  CHECK(html->find("张*&lt;b&gt;&amp;") != std::string::npos);
  CHECK(html->find("<b>") == std::string::npos);
  CHECK(html->find("3101**********1234") != std::string::npos);
  CHECK(html->find("2026-01-15") != std::string::npos);
  CHECK(html->find("138****1234") != std::string::npos);
  CHECK(html->find("代他人出示的健康码，请妥善保管") < html->find("keep it safe"));
  for (auto external : {"src=", "href=", "url(", "@import"}) CHECK(html->find(external) == std::string::npos);
  CHECK(decode_qr(rasterise_svg_qr(*html)) == card.code_text);

  card.locale = "en";
  auto en = render_proxy_card_html(card);
  REQUIRE(en.ok());
  CHECK(en->find("<html lang=\"en\">") != std::string::npos);
  CHECK(en->find("keep it safe") < en->find("代他人出示的健康码"));
}

TEST_CASE("printable: proxy card refuses what it cannot print", "[printable]") {
  ProxyCard card;
  card.masked_name = "张*";
  card.code_text = "GL1:ABC";
  CHECK(render_proxy_card_html(card).ok());
  card.issued_date = "2026-1-15";
  CHECK(render_proxy_card_html(card).error().code == "print.invalid");
  card.issued_date.clear();
  card.code_text = "https://example.cn";
  CHECK(render_proxy_card_html(card).error().code == "print.invalid");
  card.code_text = "GL1:ABC";
  card.masked_name.clear();
  CHECK(render_proxy_card_html(card).error().code == "print.invalid");
}
