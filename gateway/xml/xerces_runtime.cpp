#include "xml/xerces_runtime.h"

#include <xercesc/util/PlatformUtils.hpp>

namespace gw::xml {

XercesRuntime::XercesRuntime() { xercesc::XMLPlatformUtils::Initialize(); }
XercesRuntime::~XercesRuntime() { xercesc::XMLPlatformUtils::Terminate(); }

}  // namespace gw::xml
