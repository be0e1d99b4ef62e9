// Xerces-C++ process initialisation as an object: main (or a test) owns one
// for as long as any Xerces object lives. Not copyable.
#pragma once

namespace gw::xml {

class XercesRuntime {
 public:
  XercesRuntime();
  ~XercesRuntime();
  XercesRuntime(const XercesRuntime&) = delete;
  XercesRuntime& operator=(const XercesRuntime&) = delete;
};

}  // namespace gw::xml
