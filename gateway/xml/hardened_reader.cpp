#include "xml/hardened_reader.h"

#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/XMLUni.hpp>

namespace gw::xml {

using namespace xercesc;

HardenedReader::HardenedReader(XMLGrammarPool* pool, DefaultHandler& handler)
    : reader_(XMLReaderFactory::createXMLReader(XMLPlatformUtils::fgMemoryManager, pool)) {
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

}  // namespace gw::xml
