// Place posters (SVG, PNG) and proxy cards (HTML). The QR itself always comes from qr_image.cpp, so the
// printed symbol is the one render_qr/render_qr_svg produce everywhere else.
#include "greenlight/qr/printable.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace greenlight {
namespace {

constexpr std::string_view kFonts = "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif";

// Strict enough for printing: well-formed sequences, no overlongs or surrogates (XML rejects them).
bool is_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    char32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

// Escapes for XML text and attribute values alike (HTML5 accepts the same). C0 controls other than tab and
// newline cannot appear in XML 1.0 at all, so they print as spaces.
std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7F ? ' ' : c;
    }
  }
  return out;
}

bool chinese_first(std::string_view locale) { return locale.substr(0, 2) == "zh"; }

// {primary, secondary} by locale.
std::pair<std::string_view, std::string_view> bilingual(std::string_view locale, std::string_view zh,
                                                        std::string_view en) {
  return chinese_first(locale) ? std::pair{zh, en} : std::pair{en, zh};
}

Result<void> check_text(std::initializer_list<std::string_view> fields) {
  for (auto f : fields)
    if (!is_utf8(f)) return make_error("print.invalid", "text is not UTF-8");
  return {};
}

Result<void> check_poster(const PlacePoster& p) {
  if (p.place_name.empty()) return make_error("print.invalid", "the poster needs a place name");
  if (p.code_url.empty()) return make_error("print.invalid", "the poster needs the code URL");
  return check_text({p.place_name, p.address, p.category_label, p.region, p.place_id, p.code_url, p.locale});
}

// ---- SVG poster (all lengths in mm: the viewBox is the A4 page) ----

constexpr double kPageW = 210, kTextW = 180, kQrSize = 150, kQrTop = 78;

std::string mm(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s(buf);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// Estimated width in em without font metrics: CJK and other wide scripts ~1 em, Latin ~0.6 em.
double width_em(std::string_view s) {
  double em = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) em += c < 0x80 ? 0.6 : 1.0;
  return em;
}

// Shrinks long lines to fit the printable width; below the minimum size, squeezes glyphs instead so
// nothing runs off the page.
std::string text_line(std::string_view text, double y, double max_size, double min_size, bool bold = false) {
  double em = std::max(width_em(text), 1.0);
  double size = std::clamp(kTextW / em, min_size, max_size);
  std::string fit = em * size > kTextW ? " textLength=\"" + mm(kTextW) + "\" lengthAdjust=\"spacingAndGlyphs\"" : "";
  return "<text x=\"" + mm(kPageW / 2) + "\" y=\"" + mm(y) + "\" font-size=\"" + mm(size) + "\"" +
         (bold ? " font-weight=\"bold\"" : "") + fit + ">" + escape(text) + "</text>\n";
}

// The QR as a nested viewport: render_qr_svg's own viewBox scales it to kQrSize mm.
std::string qr_block(const std::string& qr_svg) {
  return "<svg x=\"" + mm((kPageW - kQrSize) / 2) + "\" y=\"" + mm(kQrTop) + "\" width=\"" + mm(kQrSize) +
         "\" height=\"" + mm(kQrSize) + "\">" + qr_svg + "</svg>\n";
}

std::string poster_subtitle(const PlacePoster& p) {
  if (p.category_label.empty() || p.region.empty()) return p.category_label + p.region;
  return p.category_label + " · " + p.region;
}

std::string poster_footer(const PlacePoster& p) {
  auto id_label = bilingual(p.locale, "场所编号", "Place ID");
  std::string out;
  if (!p.address.empty()) out += text_line(p.address, 270, 4.5, 2.5);
  if (!p.place_id.empty())
    out += text_line(std::string(id_label.first) + " / " + std::string(id_label.second) + ": " + p.place_id, 278, 3.5,
                     2.5);
  return out;
}

std::string poster_text(const PlacePoster& p) {
  auto title = bilingual(p.locale, "场所码", "Place code");
  auto scan = bilingual(p.locale, "请使用手机扫码登记", "Scan with your phone to check in");
  std::string out = text_line(title.first, 30, 16, 8, true) + text_line(title.second, 40, 7, 4);
  out += text_line(p.place_name, 58, 12, 5, true);
  if (auto sub = poster_subtitle(p); !sub.empty()) out += text_line(sub, 68, 5, 3);
  out +=
      text_line(scan.first, kQrTop + kQrSize + 12, 8, 4, true) + text_line(scan.second, kQrTop + kQrSize + 21, 6, 3.5);
  return out + poster_footer(p);
}

// ---- PNG: the code only ----

// Nearest-neighbour upscale of a one-pixel-per-module image, framed by a black cut border.
GrayImage scale_with_border(const GrayImage& qr, int scale, int border) {
  GrayImage out;
  out.width = out.height = qr.width * scale + 2 * border;
  out.pixels.assign(static_cast<std::size_t>(out.width) * out.height, 0);
  for (int y = 0; y < qr.height * scale; ++y) {
    auto* row = &out.pixels[static_cast<std::size_t>(y + border) * out.width + border];
    for (int x = 0; x < qr.width * scale; ++x)
      row[x] = qr.pixels[static_cast<std::size_t>(y / scale) * qr.width + x / scale];
  }
  return out;
}

// ---- HTML proxy card ----

constexpr std::string_view kCardCss = R"(@page { size: A6 portrait; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; background: #fff; color: #000; }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; }
.card { width: 105mm; min-height: 148mm; margin: 8mm auto; padding: 6mm 7mm; border: 0.3mm dashed #000; }
h1 { font-size: 6mm; margin: 0; text-align: center; }
h1 small { display: block; font-size: 3.6mm; font-weight: normal; }
.qr { width: 70mm; height: 70mm; margin: 4mm auto; }
.qr svg { display: block; width: 100%; height: 100%; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 1mm 3mm; margin: 0; font-size: 3.6mm; }
dt { font-weight: bold; }
dd { margin: 0; font-family: monospace, "WenQuanYi Micro Hei", sans-serif; font-size: 4mm; }
dt small, .note small { display: block; font-weight: normal; font-size: 2.8mm; }
.note { margin: 4mm 0 0; font-size: 3.4mm; border-top: 0.3mm solid #000; padding-top: 2mm; }
@media print { .card { margin: 0; border: none; } }
)";

Result<void> check_card(const ProxyCard& c) {
  if (c.masked_name.empty()) return make_error("print.invalid", "the card needs a name");
  if (c.code_text.rfind("GL1:", 0) != 0) return make_error("print.invalid", "the card's code must start with GL1:");
  const auto& d = c.issued_date;
  auto digits = [&](std::size_t from, std::size_t n) {
    return std::all_of(d.begin() + from, d.begin() + from + n, [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  if (!d.empty() && (d.size() != 10 || d[4] != '-' || d[7] != '-' || !digits(0, 4) || !digits(5, 2) || !digits(8, 2)))
    return make_error("print.invalid", "the issue date must be YYYY-MM-DD");
  return check_text(
      {c.masked_name, c.masked_id_number, c.code_text, c.emergency_contact_masked_phone, c.claim_code, c.locale});
}

std::string card_field(std::string_view locale, std::string_view zh, std::string_view en, std::string_view value) {
  if (value.empty()) return "";
  auto label = bilingual(locale, zh, en);
  return "<dt>" + escape(label.first) + "<small>" + escape(label.second) + "</small></dt><dd>" + escape(value) +
         "</dd>\n";
}

std::string card_body(const ProxyCard& c, const std::string& qr_svg) {
  const auto& l = c.locale;
  auto title = bilingual(l, "健康码（代办）", "Proxy health code");
  auto note = bilingual(l, "代他人出示的健康码，请妥善保管",
                        "Health code shown on behalf of someone without a phone; keep it safe");
  auto qr_label = bilingual(l, "健康码二维码", "Health code QR");
  return "<main class=\"card\">\n<h1>" + escape(title.first) + "<small>" + escape(title.second) + "</small></h1>\n" +
         "<div class=\"qr\" role=\"img\" aria-label=\"" + escape(qr_label.first) + "\">" + qr_svg + "</div>\n<dl>\n" +
         card_field(l, "姓名", "Name", c.masked_name) + card_field(l, "证件号码", "ID number", c.masked_id_number) +
         card_field(l, "发放日期", "Issued", c.issued_date) +
         card_field(l, "紧急联系人", "Emergency contact", c.emergency_contact_masked_phone) +
         card_field(l, "认领码（本人注册时使用）", "Claim code (to register yourself)", c.claim_code) + "</dl>\n" +
         "<p class=\"note\">" + escape(note.first) + "<small>" + escape(note.second) + "</small></p>\n</main>\n";
}

}  // namespace

Result<std::string> render_place_poster_svg(const PlacePoster& poster) {
  if (auto ok = check_poster(poster); !ok) return ok.error();
  auto qr = render_qr_svg(poster.code_url);
  if (!qr) return qr.error();
  auto lang = chinese_first(poster.locale) ? "zh-CN" : "en";
  auto title = bilingual(poster.locale, "场所码", "Place code");
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"297mm\" viewBox=\"0 0 210 297\" "
         "xml:lang=\"" +
         std::string(lang) + "\">\n<title>" + escape(title.first) + " — " + escape(poster.place_name) + "</title>\n" +
         "<rect width=\"210\" height=\"297\" fill=\"#fff\"/>\n"
         "<rect x=\"8\" y=\"8\" width=\"194\" height=\"281\" fill=\"none\" stroke=\"#000\" stroke-width=\"0.8\"/>\n" +
         "<g font-family=\"" + std::string(kFonts) + "\" text-anchor=\"middle\" fill=\"#000\">\n" +
         poster_text(poster) + "</g>\n" + qr_block(*qr) + "</svg>\n";
}

Result<std::string> render_place_poster_png(const PlacePoster& poster, int dpi) {
  if (auto ok = check_poster(poster); !ok) return ok.error();
  if (dpi < 50 || dpi > 1200) return make_error("print.invalid", "dpi must be between 50 and 1200");
  auto qr = render_qr(poster.code_url, QrOptions{1, 4});
  if (!qr) return qr.error();
  int modules = qr->width - 8;
  int scale = std::max(1, static_cast<int>(120.0 / 25.4 * dpi / modules + 0.5));
  int border = std::max(1, dpi / 100);  // ~0.25 mm: a visible cut line outside the quiet zone
  return to_png(scale_with_border(*qr, scale, border), dpi);
}

Result<std::string> render_proxy_card_html(const ProxyCard& card) {
  if (auto ok = check_card(card); !ok) return ok.error();
  auto qr = render_qr_svg(card.code_text);
  if (!qr) return qr.error();
  auto lang = chinese_first(card.locale) ? "zh-CN" : "en";
  auto title = bilingual(card.locale, "健康码（代办）", "Proxy health code");
  return "<!DOCTYPE html>\n<html lang=\"" + std::string(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n" +
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + escape(title.first) +
         " — " + escape(card.masked_name) + "</title>\n<style>\n" + std::string(kCardCss) +
         "</style>\n</head>\n<body>\n" + card_body(card, *qr) + "</body>\n</html>\n";
}

}  // namespace greenlight
