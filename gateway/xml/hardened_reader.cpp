#include "xml/hardened_reader.h"

#include <fmt/format.h>

#include <string>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/XMLUni.hpp>

namespace gw::xml {

using namespace xercesc;

HardenedReader::HardenedReader(XMLGrammarPool* pool, DefaultHandler& handler)
    : handler_(handler),
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
  reader->setErrorHandler(&handler);
  reader->setLexicalHandler(&handler);
}

void HardenedReader::parse(const InputSource& input, MarkupBounds bounds) {
  const BoundedMarkupSource bounded(input, bounds);
  try {
    reader_->parse(bounded);
  } catch (const MarkupTooLong& e) {
    const std::string text = e.text ? fmt::format("{} {} bytes", kTextTooLong, e.bound)
                                    : fmt::format("{} {} bytes", kMarkupTooLong, e.bound);
    const std::u16string message(text.begin(), text.end());  // ASCII
    handler_.setDocumentLocator(nullptr);  // the parse has ended: its locator reads freed state
    handler_.fatalError(SAXParseException(reinterpret_cast<const XMLCh*>(message.c_str()),
                                          input.getPublicId(), input.getSystemId(), e.line,
                                          e.column));
  }
}

}  // namespace gw::xml
