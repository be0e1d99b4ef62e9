#include "core/remittance.h"

#include <initializer_list>

namespace gw {
namespace {

constexpr char kRecord = '\x1e';
constexpr char kField = '\x1f';

// Record kinds: U Ustrd line; S a new Strd; D a referred document of the
// last Strd (type kind, type, issuer, number, date); R its creditor reference
// (type kind, type, issuer, reference); A an AddtlRmtInf line of the last Strd;
// P the purpose (kind, value). A kind is C (code) or P (proprietary).
// Fields within a record are separated by kField.
std::string_view kind_of(const CodeOrText& c) { return c.proprietary ? "P" : "C"; }

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

}  // namespace

std::string encode_remittance(const Remittance& r) {
  if (r.structured.empty() && r.purpose.value.empty()) {
    if (r.unstructured.empty()) return {};
    if (r.unstructured.size() == 1 && !r.unstructured.front().empty() &&
        r.unstructured.front().front() != kRecord) {
      return r.unstructured.front();
    }
  }
  std::string out;
  const auto record = [&out](char kind) {
    out += kRecord;
    out += kind;
  };
  // A record's fields after its kind, separated by kField.
  const auto fields = [&out](std::initializer_list<std::string_view> values) {
    bool first = true;
    for (const std::string_view v : values) {
      if (!first) out += kField;
      out += v;
      first = false;
    }
  };
  for (const auto& line : r.unstructured) {
    record('U');
    out += line;
  }
  for (const auto& s : r.structured) {
    record('S');
    for (const auto& d : s.referred) {
      record('D');
      fields({kind_of(d.type), d.type.value, d.issuer, d.number, d.date});
    }
    if (!s.creditor_reference.empty()) {
      const auto& c = s.creditor_reference;
      record('R');
      fields({kind_of(c.type), c.type.value, c.issuer, c.reference});
    }
    for (const auto& line : s.additional) {
      record('A');
      out += line;
    }
  }
  if (!r.purpose.value.empty()) {
    record('P');
    fields({kind_of(r.purpose), r.purpose.value});
  }
  return out;
}

Remittance decode_remittance(std::string_view stored) {
  Remittance r;
  if (stored.empty()) return r;
  if (stored.front() != kRecord) {
    r.unstructured.emplace_back(stored);
    return r;
  }
  stored.remove_prefix(1);
  for (const auto record : split(stored, kRecord)) {
    if (record.empty()) continue;
    const std::string_view body = record.substr(1);
    switch (record.front()) {
      case 'U':
        r.unstructured.emplace_back(body);
        break;
      case 'S':
        r.structured.emplace_back();
        break;
      case 'R': {
        if (r.structured.empty()) r.structured.emplace_back();
        const auto fields = split(body, kField);
        auto& c = r.structured.back().creditor_reference;
        if (!fields.empty() && !fields[0].empty()) c.type.proprietary = fields[0] == "P";
        if (fields.size() > 1) c.type.value = fields[1];
        if (fields.size() > 2) c.issuer = fields[2];
        if (fields.size() > 3) c.reference = fields[3];
        break;
      }
      case 'D': {
        if (r.structured.empty()) r.structured.emplace_back();
        const auto fields = split(body, kField);
        auto& d = r.structured.back().referred.emplace_back();
        if (!fields.empty() && !fields[0].empty()) d.type.proprietary = fields[0] == "P";
        if (fields.size() > 1) d.type.value = fields[1];
        if (fields.size() > 2) d.issuer = fields[2];
        if (fields.size() > 3) d.number = fields[3];
        if (fields.size() > 4) d.date = fields[4];
        break;
      }
      case 'A':
        if (r.structured.empty()) r.structured.emplace_back();
        r.structured.back().additional.emplace_back(body);
        break;
      case 'P': {
        const auto fields = split(body, kField);
        r.purpose.proprietary = fields[0] == "P";
        if (fields.size() > 1) r.purpose.value = fields[1];
        break;
      }
      default:  // a record kind of a later version: skipped
        break;
    }
  }
  return r;
}

}  // namespace gw
