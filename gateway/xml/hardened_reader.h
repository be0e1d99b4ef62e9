// A Xerces SAX2 reader set up for untrusted input: schema validation against
// the locked, pre-parsed grammars only (nothing the document names is ever
// loaded), no DTD processing and no external entities, and a security
// manager's entity-expansion limit as a second line behind refusing DOCTYPEs.
// Without a grammar pool it checks only that the document is well-formed
// (for the few non-ISO files we read, which have no schema of ours).
// One reader per parse and thread.
#pragma once

#include <memory>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/util/SecurityManager.hpp>

namespace gw::xml {

class HardenedReader {
 public:
  // `handler` receives content, lexical and error events; both it and
  // `pool` must outlive the reader. A null `pool`: no validation.
  HardenedReader(xercesc::XMLGrammarPool* pool, xercesc::DefaultHandler& handler);

  void parse(const xercesc::InputSource& input) { reader_->parse(input); }

 private:
  xercesc::SecurityManager security_;
  std::unique_ptr<xercesc::SAX2XMLReader> reader_;
};

}  // namespace gw::xml
