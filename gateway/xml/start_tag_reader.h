// Reads a small XML file of a known, non-ISO format (the ECB reference rates)
// and shows each start tag, by local name and attributes, to a visitor. The
// file is only checked for being well-formed (there is no schema to check it
// against), through the same hardened reader as inbound messages: a DOCTYPE
// is refused, nothing external is loaded, entities cannot expand. Keeps
// Xerces inside xml/.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace gw::xml {

class StartTag {
 public:
  StartTag(std::string local_name, std::vector<std::pair<std::string, std::string>> attributes)
      : local_name_(std::move(local_name)), attributes_(std::move(attributes)) {}

  const std::string& local_name() const { return local_name_; }
  // The value of the attribute with this local name, if the tag has it.
  std::optional<std::string_view> attribute(std::string_view local_name) const;

 private:
  std::string local_name_;
  std::vector<std::pair<std::string, std::string>> attributes_;
};

// An error from the visitor stops reading and is returned as it is.
using StartTagVisitor = std::function<Status(const StartTag&)>;

// kNotFound when there is no such file; kInvalidArgument, with the line, when
// it is not well-formed XML or carries a DOCTYPE. Any error the parser
// reports stops the reading (nothing is recovered from).
Status read_start_tags(const std::filesystem::path& file, const StartTagVisitor& visit);

}  // namespace gw::xml
