// A captured part of a pain.001: ISO element names, texts and Ccy attributes,
// in document order. Acceptance keeps what a payment and its block carry
// beyond the columns of their own (debtor's and creditor's addresses and
// identifiers, ultimate parties, agents, payment type, charges bearer,
// regulatory reporting, UETR, ...), so that a core can execute and report a
// payment without the original file.
//
// Stored as one compact text, characters XML 1.0 cannot carry as separators,
// so no captured text can be mistaken for one:
//   leaf   name U+001F value [U+001F currency] U+001E
//   group  name U+001D children... U+001C
// e.g. "Cdtr\x1dPstlAdr\x1dCtry\x1fUS\x1e\x1c\x1c" for Cdtr/PstlAdr/Ctry = US.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gw {

inline constexpr char kElementGroupEnd = '\x1c';
inline constexpr char kElementGroupStart = '\x1d';
inline constexpr char kElementLeafEnd = '\x1e';
inline constexpr char kElementValue = '\x1f';

struct Element {
  std::string name;
  std::string value;     // a leaf's text; empty for a group
  std::string currency;  // its Ccy attribute, if any
  std::vector<Element> children;

  // The first descendant at `path` ("PstlAdr/Ctry"); null when absent.
  const Element* find(std::string_view path) const;
  // Its text, or empty when absent.
  std::string_view text(std::string_view path) const;
  // Every child named `name`, in order.
  std::vector<const Element*> all(std::string_view child_name) const;
};

// Appends one leaf or a group's start or end to an encoding.
void append_leaf(std::string& out, std::string_view name, std::string_view value,
                 std::string_view currency = {});
void append_group_start(std::string& out, std::string_view name);
void append_group_end(std::string& out);

// The encoding of `root`'s children.
std::string encode_elements(const Element& root);
// A root (no name) holding the top-level elements of `stored`. A broken
// encoding yields what was read before the break.
Element decode_elements(std::string_view stored);

// The UETR a payment carried (pain.001.001.09's PmtId/UETR) from its stored
// details; empty when it had none, or none of ISO's UUIDv4 shape.
std::string payment_uetr(std::string_view details);

}  // namespace gw
