// Text (mostly from institutions' files) (names, ids, remittance, findings quoting a
// bad value) made safe for the messages we write: XML-escaped, cut to a
// number of characters (never inside a UTF-8 sequence), and with control
// characters (C0, DEL and C1, U+0080..U+009F), U+FFFE, U+FFFF and bytes that
// are not UTF-8 replaced by spaces: our outbound schemas refuse the controls,
// and XML 1.0 the rest (text from JSON or a log may carry them).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gw::xml {

std::string xml_text(std::string_view text, std::size_t max_chars = std::string::npos);

}  // namespace gw::xml
