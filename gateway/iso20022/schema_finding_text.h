// Schema findings a bookkeeper can act on: Xerces says "element 'InitgPty'
// is not allowed for content model '(MsgId,CreDtTm,NbOfTxs,CtrlSum,InitgPty)'";
// this says "GrpHdr/CtrlSum is missing before InitgPty (or out of order): ...
// the treasury guideline requires the sum of all InstdAmt of the file here".
// For each kind of schema finding (an element missing, out of order or not
// allowed, an enumeration, a pattern, a length) one sentence with the element,
// what was expected and what to change; likewise values of the wrong type
// (dates, numbers, booleans), range and digit facets, attributes, text where
// only elements belong, and the common XML syntax faults. Messages of other
// kinds keep Xerces' wording, in Latvian introduced as such. The reason code
// (FF01) does not change.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/language.h"
#include "core/utf8.h"

namespace gw::iso20022 {

// How many times the schema takes `element` in the element at the finding's
// path, when it bounds it by a number above one (xml::NativeSchema::Child::most).
using RepeatBound = std::function<std::optional<std::size_t>(std::string_view element)>;

// `message`: Xerces' text; `path`: where it was found (/Document/Root/...);
// `bound`, when given, tells a count Xerces' content model writes as '*'.
// In English and Latvian; a message of another kind keeps Xerces' English
// (the Latvian sentence says so before quoting it).
Sentence readable_schema_text(std::string_view message, std::string_view path,
                              const RepeatBound& bound = {});

// Whether Xerces' `message` says a value is longer than a maxLength its
// characters keep: Xerces counts UTF-16 code units, so a character beyond the
// Basic Multilingual Plane (an emoji, 𝄞) counts twice, where XSD counts one.
// Such a finding is Xerces' mistake, not the file's (xmllint passes it).
// `max_length`: the element's maxLength in our schema; a message naming
// another, or one Xerces may have cut (kXercesMessageUnits), is not believed.
inline constexpr std::size_t kXercesMessageUnits = 2047;
bool length_overcounted(std::string_view message, std::size_t max_length);

// Whether Xerces' `message` says the bytes could not be read as UTF-8. It
// names neither the byte nor its place (the line and column it gives are
// where its decoder was, often the first line), and in the first line it
// quotes the file's name on this machine.
bool says_not_utf8(std::string_view message);

// The sentence for the first byte of a file that is not UTF-8; without
// `fault`, for a file Xerces could not decode although we found no such byte.
Sentence not_utf8_text(const std::optional<Utf8Locator::Fault>& fault);

}  // namespace gw::iso20022
