// A Xerces SAX2 reader set up for untrusted input: schema validation against
// the locked, pre-parsed grammars only (nothing the document names is ever
// loaded), no DTD processing and no external entities, a security manager's
// entity-expansion limit as a second line behind refusing DOCTYPEs, and a
// bound on the tag or text Xerces would hold whole (bounded_markup.h).
// Without a grammar pool it checks only that the document is well-formed
// (for the few non-ISO files we read, which have no schema of ours).
// One reader per parse and thread.
#pragma once

#include <memory>
#include <optional>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/util/SecurityManager.hpp>

#include "xml/bounded_markup.h"

namespace gw::xml {

class HardenedReader {
 public:
  // `handler` receives content, lexical and error events; both it and
  // `pool` must outlive the reader. A null `pool`: no validation.
  HardenedReader(xercesc::XMLGrammarPool* pool, xercesc::DefaultHandler& handler);

  // A tag or text past `bounds` ends the document before it; the handler's
  // fatal error then says so, at the piece's start, instead of the early end
  // Xerces finds there.
  void parse(const xercesc::InputSource& input, MarkupBounds bounds = {});

 private:
  // Passes errors on to the handler, the first fatal one after a bound was
  // passed told as that bound, and none after it.
  class Errors : public xercesc::ErrorHandler {
   public:
    Errors(xercesc::DefaultHandler& handler, const std::optional<MarkupTooLong>& passed)
        : handler_(handler), passed_(passed) {}
    void warning(const xercesc::SAXParseException& e) override { handler_.warning(e); }
    void error(const xercesc::SAXParseException& e) override;
    void fatalError(const xercesc::SAXParseException& e) override;
    void resetErrors() override {
      told_ = false;
      handler_.resetErrors();
    }
    bool told() const { return told_; }
    // Tells the bound passed to the handler (once).
    void tell_bound(const XMLCh* public_id, const XMLCh* system_id);

   private:
    xercesc::DefaultHandler& handler_;
    const std::optional<MarkupTooLong>& passed_;
    bool told_ = false;
  };

  xercesc::DefaultHandler& handler_;
  std::optional<MarkupTooLong> passed_;
  Errors errors_;
  xercesc::SecurityManager security_;
  std::unique_ptr<xercesc::SAX2XMLReader> reader_;
};

}  // namespace gw::xml
