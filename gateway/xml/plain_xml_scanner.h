// A pull scanner for the plain XML a large payment file is made of: elements,
// attributes, text and namespace declarations, in UTF-8. It is the fast path
// of chunked validation (iso20022/native_chunk_validation.h), so it never has
// to explain a problem: anything it does not handle exactly, or that is not
// well-formed, makes it give up, and the file is then parsed by Xerces in one
// pass, which words every problem. What it does accept is well-formed XML
// with well-formed namespaces.
//
// Given up on: comments, CDATA, processing instructions, a DOCTYPE, entity
// references other than the five predefined and character references, an
// encoding other than UTF-8, non-ASCII names, attribute values that XML would
// normalise (tab, line feed, carriage return, a reference), prefixed
// attributes, and any token longer than the buffer.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::xml {

class PlainXmlScanner {
 public:
  // Fills `into` with up to `max` bytes of the document; 0 at its end (or on
  // a read error: the document then ends early and is given up).
  using Read = std::function<std::size_t(char* into, std::size_t max)>;

  enum class Event {
    kStart,   // an element opened: uri(), local_name(), qname(), attributes()
    kEnd,     // the element opened last closed (also right after an empty-element tag)
    kText,    // the characters between two tags: text()
    kDone,    // the document ended well-formed
    kGiveUp,  // something not handled or not well-formed: reason()
  };

  struct Attribute {
    std::string_view local_name;  // unprefixed attributes only
    std::string_view value;       // as written: it has nothing XML would change
  };
  struct Declaration {
    std::string_view prefix;  // empty for the default namespace
    std::string_view uri;
  };

  explicit PlainXmlScanner(Read read, std::size_t buffer_bytes = 256 << 10);

  Event next();

  // kStart: valid until the next call.
  std::string_view uri() const { return uri_; }
  std::string_view local_name() const { return local_; }
  const std::vector<Attribute>& attributes() const { return attributes_; }
  // The namespaces the start tag declared.
  const std::vector<Declaration>& declarations() const { return declared_; }
  // Whether an xsi:schemaLocation or xsi:noNamespaceSchemaLocation was on it
  // (the only prefixed attributes let through, with plain URIs only: they
  // name where a schema might be, which the validators never load).
  bool schema_location() const { return schema_location_; }

  // kText: with references replaced; valid until the next call.
  std::string_view text() const { return text_; }
  bool text_is_whitespace() const { return whitespace_; }  // space, tab, LF, CR only
  bool text_had_reference() const { return referenced_; }
  bool text_had_carriage_return() const { return carriage_return_; }

  std::size_t depth() const { return open_.size(); }
  std::string_view reason() const { return reason_; }

 private:
  enum class Step { kEvent, kMore, kGiveUp };
  enum class Where { kProlog, kContent, kEpilog, kFinished };

  Step prolog();
  Step content();
  Step epilog();
  Step start_tag(std::size_t at);
  Step end_tag(std::size_t at);
  Step text(std::size_t at);
  std::string_view lookup(std::string_view prefix) const;
  // Closes the innermost open element, with its namespace declarations.
  void pop_open();
  bool refill();
  Step give_up(std::string_view why);

  Read read_;
  std::string buffer_;
  std::size_t begin_ = 0;  // first unread byte
  std::size_t end_ = 0;    // past the last byte read
  bool eof_ = false;
  Where where_ = Where::kProlog;
  bool declaration_seen_ = false;  // the BOM and XML declaration, if any, are behind
  bool pending_end_ = false;       // an empty-element tag: its kEnd comes next
  Event last_ = Event::kDone;      // what the step that returned kEvent found

  struct Binding {
    std::string prefix;
    std::string uri;
    std::size_t depth;  // of the element that declared it
  };
  std::vector<Binding> bindings_;
  // The open elements: their qnames one after another in open_names_ (a
  // string per element cost an allocation-sized copy at every start tag).
  struct Open {
    std::size_t name_start;  // in open_names_
    std::size_t bindings;    // bindings_.size() before its own
  };
  std::vector<Open> open_;
  std::vector<char> open_names_;

  struct RawAttribute {
    std::string_view qname;
    std::string_view value;
  };
  std::vector<RawAttribute> raw_;  // the start tag's, namespace declarations included
  std::string_view uri_;
  std::string_view local_;
  std::vector<Attribute> attributes_;
  std::vector<Declaration> declared_;
  bool schema_location_ = false;
  std::string_view text_;
  std::string decoded_;
  bool whitespace_ = true;
  bool referenced_ = false;
  bool carriage_return_ = false;
  std::string reason_;
};

}  // namespace gw::xml
