// A Xerces input whose document is a list of byte ranges of one open file
// followed by a literal tail: how one chunk of a large file is parsed as a
// document of its own (the file's header, then the chunk, then end tags).
// Reads with pread, so one descriptor serves several threads, and nothing is
// mapped or copied beyond Xerces' own buffer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>
#include <xercesc/sax/InputSource.hpp>

namespace gw::xml {

struct FileRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

class SplicedInputSource : public xercesc::InputSource {
 public:
  // `fd` must stay open while the source is parsed. A read error ends the
  // document early, which the parser reports as malformed.
  SplicedInputSource(int fd, std::vector<FileRange> ranges, std::string tail);

  xercesc::BinInputStream* makeStream() const override;

 private:
  int fd_;
  std::vector<FileRange> ranges_;
  std::string tail_;
};

}  // namespace gw::xml
