#include "xml/start_tag_reader.h"

#include <fmt/format.h>

#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/util/TransService.hpp>

#include "xml/hardened_reader.h"
#include "xml/xml_text.h"

namespace gw::xml {
namespace {

using namespace xercesc;

// Thrown through Xerces to stop the parse; caught in read().
struct Stop {
  Error error;
};
// Thrown through Xerces when the visitor has seen what it wanted.
struct Enough {};

class StartTagHandler : public DefaultHandler {
 public:
  // `root_only`: stop after the first start tag.
  StartTagHandler(const StartTagVisitor& visit, bool root_only)
      : visit_(visit), root_only_(root_only) {}

  void startDTD(const XMLCh*, const XMLCh*, const XMLCh*) override {
    throw Stop{Error{ErrorCode::kInvalidArgument, "a DOCTYPE is not allowed"}};
  }

  void startElement(const XMLCh* uri, const XMLCh* localname, const XMLCh*,
                    const Attributes& attributes) override {
    std::vector<std::pair<std::string, std::string>> values;
    values.reserve(attributes.getLength());
    for (XMLSize_t i = 0; i < attributes.getLength(); ++i) {
      values.emplace_back(to_utf8(attributes.getLocalName(i)), to_utf8(attributes.getValue(i)));
    }
    if (auto status = visit_(StartTag(to_utf8(uri), to_utf8(localname), std::move(values)));
        !status) {
      throw Stop{std::move(status.error())};
    }
    if (root_only_) throw Enough{};
  }

  void error(const SAXParseException& e) override { fatalError(e); }
  void fatalError(const SAXParseException& e) override {
    throw Stop{Error{ErrorCode::kInvalidArgument,
                     fmt::format("line {}: {}", e.getLineNumber(), to_utf8(e.getMessage()))}};
  }

 private:
  const StartTagVisitor& visit_;
  bool root_only_;
};

Status parse(InputSource& input, const StartTagVisitor& visit, bool root_only) {
  StartTagHandler handler(visit, root_only);
  HardenedReader reader(nullptr, handler);
  try {
    reader.parse(input);
  } catch (const Enough&) {
    return ok();
  } catch (const Stop& stop) {
    return tl::unexpected<Error>(stop.error);
  } catch (const XMLException& e) {
    return fail(ErrorCode::kInvalidArgument, to_utf8(e.getMessage()));
  }
  return ok();
}

Status parse_file(const std::filesystem::path& file, const StartTagVisitor& visit, bool root_only) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    return fail(ErrorCode::kNotFound, fmt::format("{}: no such file", file.string()));
  }
  const std::string name = file.string();
  TranscodeFromStr wide(reinterpret_cast<const XMLByte*>(name.data()), name.size(), "UTF-8");
  LocalFileInputSource input(wide.str());
  return parse(input, visit, root_only);
}

Status parse_bytes(std::string_view bytes, const StartTagVisitor& visit, bool root_only) {
  MemBufInputSource input(reinterpret_cast<const XMLByte*>(bytes.data()), bytes.size(), "bytes");
  input.setCopyBufToStream(false);
  return parse(input, visit, root_only);
}

// The first start tag `parse_with(visitor)` shows.
template <typename Parse>
Result<StartTag> first_tag(Parse parse_with) {
  std::optional<StartTag> root;
  auto status = parse_with([&root](const StartTag& tag) -> Status {
    root = tag;
    return ok();
  });
  if (!status) return tl::unexpected(status.error());
  if (!root) return fail(ErrorCode::kInvalidArgument, "no root element");
  return std::move(*root);
}

}  // namespace

std::optional<std::string_view> StartTag::attribute(std::string_view local_name) const {
  for (const auto& [name, value] : attributes_) {
    if (name == local_name) return std::string_view(value);
  }
  return std::nullopt;
}

Status read_start_tags(const std::filesystem::path& file, const StartTagVisitor& visit) {
  return parse_file(file, visit, false);
}

Result<StartTag> read_root_tag(const std::filesystem::path& file) {
  return first_tag([&](const StartTagVisitor& visit) { return parse_file(file, visit, true); });
}

Result<StartTag> read_root_tag_from_bytes(std::string_view bytes) {
  return first_tag([&](const StartTagVisitor& visit) { return parse_bytes(bytes, visit, true); });
}

}  // namespace gw::xml
