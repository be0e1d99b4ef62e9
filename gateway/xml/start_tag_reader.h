// Reads an XML file of a known, non-ISO format (the ECB reference rates)
// and shows each start tag, by namespace, local name and attributes, to a
// visitor; or only a file's root tag (which message an upload is). The
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
  StartTag(std::string namespace_uri, std::string local_name,
           std::vector<std::pair<std::string, std::string>> attributes)
      : namespace_uri_(std::move(namespace_uri)),
        local_name_(std::move(local_name)),
        attributes_(std::move(attributes)) {}

  const std::string& namespace_uri() const { return namespace_uri_; }  // empty: none
  const std::string& local_name() const { return local_name_; }
  // The value of the attribute with this local name, if the tag has it.
  std::optional<std::string_view> attribute(std::string_view local_name) const;

 private:
  std::string namespace_uri_;
  std::string local_name_;
  std::vector<std::pair<std::string, std::string>> attributes_;
};

// An error from the visitor stops reading and is returned as it is.
using StartTagVisitor = std::function<Status(const StartTag&)>;

// kNotFound when there is no such file; kInvalidArgument, with the line, when
// it is not well-formed XML or carries a DOCTYPE. Any error the parser
// reports stops the reading (nothing is recovered from).
Status read_start_tags(const std::filesystem::path& file, const StartTagVisitor& visit);

// The root element's start tag, parsing nothing after it (the parser reads
// up to it in buffers of tens of kilobytes, whatever the file's size); the
// same errors for what comes before it.
Result<StartTag> read_root_tag(const std::filesystem::path& file);
// The same for `bytes`, the beginning of a file, which may end anywhere after
// the root tag: e.g. before a byte the parser could not decode, which makes it
// refuse the whole buffer it decodes, root tag included.
Result<StartTag> read_root_tag_from_bytes(std::string_view bytes);

}  // namespace gw::xml
