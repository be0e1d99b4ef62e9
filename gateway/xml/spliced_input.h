// A Xerces input whose document is a literal head, a list of byte ranges of
// one open file and a literal tail: how one chunk of a large file is parsed as
// a document of its own (the file's header, then the chunk, then end tags).
// Reads with pread, so one descriptor serves several threads, and nothing is
// mapped or copied beyond Xerces' own buffer.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <xercesc/sax/InputSource.hpp>

#include "xml/file_arrival.h"

namespace gw::xml {

struct FileRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

// The rest of a document whose ranges were not all known when its parse
// began: asked for (once) when the known ranges are read; the further ranges
// and the tail, or nothing to end the document there (it is then malformed).
struct SplicedRest {
  std::vector<FileRange> ranges;
  std::string tail;
};
using RestOfDocument = std::function<std::optional<SplicedRest>()>;

class SplicedInputSource : public xercesc::InputSource {
 public:
  // `fd` must stay open while the source is parsed. A read error ends the
  // document early, which the parser reports as malformed. With `arrival`,
  // the file may still be growing: each read waits for its bytes, and a
  // range reaching past the file's end once it is complete ends there. With
  // `rest`, `tail` is empty and the document goes on with what `rest` gives.
  SplicedInputSource(int fd, std::string head, std::vector<FileRange> ranges, std::string tail,
                     const FileArrival* arrival = nullptr, const RestOfDocument* rest = nullptr);

  xercesc::BinInputStream* makeStream() const override;

 private:
  int fd_;
  std::string head_;
  std::vector<FileRange> ranges_;
  std::string tail_;
  const FileArrival* arrival_;
  const RestOfDocument* rest_;
};

}  // namespace gw::xml
