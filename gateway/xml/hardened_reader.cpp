#include "xml/hardened_reader.h"

#include <string>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/XMLUni.hpp>

namespace gw::xml {

using namespace xercesc;

HardenedReader::HardenedReader(XMLGrammarPool* pool, DefaultHandler& handler)
    : handler_(handler),
      errors_(handler, passed_),
      reader_(XMLReaderFactory::createXMLReader(XMLPlatformUtils::fgMemoryManager, pool)) {
  security_.setEntityExpansionLimit(16);  // no DTD is allowed, so no entity should expand
  SAX2XMLReader* reader = reader_.get();
  const bool validating = pool != nullptr;
  reader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  reader->setFeature(XMLUni::fgSAX2CoreValidation, validating);
  reader->setFeature(XMLUni::fgXercesDynamic, false);
  reader->setFeature(XMLUni::fgXercesSchema, validating);
  reader->setFeature(XMLUni::fgXercesSchemaFullChecking, false);
  // Our schemas declare no identity constraints; skipping the machinery saves time per element.
  reader->setFeature(XMLUni::fgXercesIdentityConstraintChecking, false);
  // Only the locked, pre-parsed grammars: nothing named by the document is loaded.
  reader->setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
  reader->setFeature(XMLUni::fgXercesCacheGrammarFromParse, false);
  reader->setFeature(XMLUni::fgXercesLoadSchema, false);
  reader->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  reader->setFeature(XMLUni::fgXercesSkipDTDValidation, true);
  reader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  reader->setFeature(XMLUni::fgXercesContinueAfterFatalError, false);
  reader->setProperty(XMLUni::fgXercesSecurityManager, &security_);
  reader->setInputBufferSize(256 * 1024);  // fewer reads on large files
  reader->setContentHandler(&handler);
  reader->setErrorHandler(&errors_);
  reader->setLexicalHandler(&handler);
}

void HardenedReader::parse(const InputSource& input, MarkupBounds bounds) {
  passed_.reset();
  errors_.resetErrors();
  const BoundedMarkupSource bounded(input, bounds, passed_);
  reader_->parse(bounded);
  if (passed_ && !errors_.told()) {        // what came before the piece was a whole document
    handler_.setDocumentLocator(nullptr);  // the parse has ended: its locator reads freed state
    errors_.tell_bound(input.getPublicId(), input.getSystemId());
  }
}

void HardenedReader::Errors::error(const SAXParseException& e) {
  if (!told_) handler_.error(e);
}

void HardenedReader::Errors::fatalError(const SAXParseException& e) {
  if (told_) return;
  if (passed_) {
    tell_bound(e.getPublicId(), e.getSystemId());
  } else {
    handler_.fatalError(e);
  }
}

void HardenedReader::Errors::tell_bound(const XMLCh* public_id, const XMLCh* system_id) {
  told_ = true;  // first: the handler may throw to stop the parse
  const std::string text = describe(*passed_);
  const std::u16string message(text.begin(), text.end());  // ASCII
  handler_.fatalError(SAXParseException(reinterpret_cast<const XMLCh*>(message.c_str()), public_id,
                                        system_id, passed_->line, passed_->column));
}

}  // namespace gw::xml
