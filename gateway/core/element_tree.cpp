#include "core/element_tree.h"

namespace gw {
namespace {

void encode_into(std::string& out, const Element& element) {
  if (element.children.empty()) {
    append_leaf(out, element.name, element.value, element.currency);
    return;
  }
  append_group_start(out, element.name);
  for (const auto& child : element.children) encode_into(out, child);
  append_group_end(out);
}

// ISO's UUIDv4Identifier: [a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}.
bool uuid_v4(std::string_view s) {
  if (s.size() != 36 || s[14] != '4' || std::string_view("89ab").find(s[19]) == s.npos) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = s[i];
    if (hyphen ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

const Element* Element::find(std::string_view path) const {
  const Element* at = this;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view step = path.substr(0, slash);
    const Element* next = nullptr;
    for (const auto& child : at->children) {
      if (child.name == step) {
        next = &child;
        break;
      }
    }
    if (next == nullptr) return nullptr;
    at = next;
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  }
  return at;
}

std::string_view Element::text(std::string_view path) const {
  const Element* found = find(path);
  return found == nullptr ? std::string_view{} : std::string_view{found->value};
}

std::vector<const Element*> Element::all(std::string_view child_name) const {
  std::vector<const Element*> out;
  for (const auto& child : children) {
    if (child.name == child_name) out.push_back(&child);
  }
  return out;
}

void append_leaf(std::string& out, std::string_view name, std::string_view value,
                 std::string_view currency) {
  out += name;
  out += kElementValue;
  out += value;
  if (!currency.empty()) {
    out += kElementValue;
    out += currency;
  }
  out += kElementLeafEnd;
}

void append_group_start(std::string& out, std::string_view name) {
  out += name;
  out += kElementGroupStart;
}

void append_group_end(std::string& out) { out += kElementGroupEnd; }

std::string encode_elements(const Element& root) {
  std::string out;
  for (const auto& child : root.children) encode_into(out, child);
  return out;
}

Element decode_elements(std::string_view stored) {
  Element root;
  std::vector<Element*> open{&root};
  std::size_t at = 0;
  while (at < stored.size()) {
    if (stored[at] == kElementGroupEnd) {
      if (open.size() == 1) break;  // more ends than starts
      open.pop_back();
      ++at;
      continue;
    }
    const auto mark = stored.find_first_of("\x1c\x1d\x1e\x1f", at);
    if (mark == std::string_view::npos) break;
    Element& element = open.back()->children.emplace_back();
    element.name = stored.substr(at, mark - at);
    if (stored[mark] == kElementGroupStart) {
      open.push_back(&element);
      at = mark + 1;
      continue;
    }
    if (stored[mark] != kElementValue) break;
    const auto end = stored.find(kElementLeafEnd, mark + 1);
    if (end == std::string_view::npos) break;
    const std::string_view body = stored.substr(mark + 1, end - mark - 1);
    const auto currency = body.find(kElementValue);
    element.value = body.substr(0, currency);
    if (currency != std::string_view::npos) element.currency = body.substr(currency + 1);
    at = end + 1;
  }
  return root;
}

std::string payment_uetr(std::string_view details) {
  // Names are stored as written: most payments (every .001.03 one) have none.
  if (details.find("UETR") == std::string_view::npos) return {};
  // Validation let only this shape in; anything else stored would make every
  // status report naming it fail our schema, so it is left out rather than
  // stop the ledger.
  const Element payment = decode_elements(details);
  const std::string_view uetr = payment.text("PmtId/UETR");
  return uuid_v4(uetr) ? std::string(uetr) : std::string();
}

}  // namespace gw
