#include "iso20022/schema_finding_text.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "xml/bounded_markup.h"

namespace gw::iso20022 {
namespace {

// What the guideline wants in an element people leave out or misplace.
struct Hint {
  std::string_view element;
  std::string_view en;
  std::string_view lv;
};
constexpr std::array<Hint, 16> kHints = {{
    {"GrpHdr/CtrlSum", "the treasury guideline requires the sum of all InstdAmt of the file here",
     "Valsts kases vadlīnijas šeit prasa visu faila InstdAmt summu"},
    {"PmtInf/CtrlSum", "the treasury guideline requires the sum of the block's InstdAmt here",
     "Valsts kases vadlīnijas šeit prasa bloka InstdAmt summu"},
    {"NbOfTxs", "the number of CdtTrfTxInf that follow", "tālāk sekojošo CdtTrfTxInf skaits"},
    {"MsgId", "the file's own unique reference (at most 35 characters)",
     "faila unikāla atsauce (ne vairāk kā 35 rakstzīmes)"},
    {"CreDtTm", "when the file was made, e.g. 2026-11-23T09:00:00",
     "faila izveides laiks, piemēram, 2026-11-23T09:00:00"},
    {"InitgPty", "the institution that sends the file, at least its Nm",
     "iestāde, kas sūta failu, vismaz tās Nm"},
    {"PmtInfId", "the block's unique reference", "bloka unikāla atsauce"},
    {"PmtMtd", "TRF (credit transfer)", "TRF (kredīta pārvedums)"},
    {"ReqdExctnDt", "the requested execution date", "pieprasītais izpildes datums"},
    {"Dbtr", "the institution that pays, at least its Nm", "iestāde, kas maksā, vismaz tās Nm"},
    {"DbtrAcct", "the treasury account debited, as Id/IBAN",
     "Valsts kases konts, no kura maksā, kā Id/IBAN"},
    {"DbtrAgt", "the treasury, FinInstnId/BIC TRELLV22", "Valsts kase, FinInstnId/BIC TRELLV22"},
    {"PmtId", "the payment's EndToEndId (and optionally InstrId)",
     "maksājuma EndToEndId (un pēc izvēles InstrId)"},
    {"Amt", "InstdAmt with its currency, e.g. <InstdAmt Ccy=\"EUR\">12.50</InstdAmt>",
     "InstdAmt ar valūtu, piemēram, <InstdAmt Ccy=\"EUR\">12.50</InstdAmt>"},
    {"Cdtr", "the creditor (payee), at least its Nm", "saņēmējs, vismaz tā Nm"},
    {"CdtrAcct", "the creditor's account: Id/IBAN, or Id/Othr/Id where there are no IBANs",
     "saņēmēja konts: Id/IBAN vai Id/Othr/Id, kur IBAN nelieto"},
}};

// /Document/CstmrCdtTrfInitn/GrpHdr -> GrpHdr: the part after the message root.
std::string short_path(std::string_view path) {
  std::size_t skip = 0;
  for (int slashes = 0; skip < path.size() && slashes < 3; ++skip) {
    if (path[skip] == '/') ++slashes;
  }
  if (skip >= path.size()) {
    const auto last = path.rfind('/');
    return std::string(last == std::string_view::npos ? path : path.substr(last + 1));
  }
  return std::string(path.substr(skip));
}

std::string_view last_segment(std::string_view path) {
  const auto last = path.rfind('/');
  return last == std::string_view::npos ? path : path.substr(last + 1);
}

const Hint* hint_for(std::string_view parent, std::string_view element) {
  const std::string qualified = fmt::format("{}/{}", parent, element);
  for (const auto& hint : kHints) {
    if (hint.element == qualified) return &hint;
  }
  for (const auto& hint : kHints) {
    if (hint.element == element) return &hint;
  }
  return nullptr;
}

struct ModelItem {
  std::string name;  // an element, or a nested group as written
  bool required = true;
  bool repeats = false;  // "*" or "+": also where our XSDs allow a few, not unbounded
};

// "(A,B?,C*,(D|E))" -> A, B?, C*, (D|E): the top level of a sequence.
std::vector<ModelItem> model_items(std::string_view model) {
  std::vector<ModelItem> items;
  if (model.size() >= 2 && model.front() == '(' && model.back() == ')') {
    model = model.substr(1, model.size() - 2);
  }
  int depth = 0;
  std::string current;
  const auto push = [&] {
    if (current.empty()) return;
    ModelItem item{current, true};
    const char last = item.name.back();
    if (last == '?' || last == '*') item.required = false;
    item.repeats = last == '*' || last == '+';
    if (last == '?' || last == '*' || last == '+') item.name.pop_back();
    items.push_back(std::move(item));
    current.clear();
  };
  for (const char c : model) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if ((c == ',' || c == '|') && depth == 0) {
      push();
    } else {
      current += c;
    }
  }
  push();
  return items;
}

std::string names(const std::vector<ModelItem>& items, Language language) {
  const std::string optional = language == Language::kLatvian ? " (pēc izvēles)" : " (optional)";
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item.name + (item.required ? "" : optional);
  }
  return out;
}

// "(A|B)": one of them, not a sequence.
bool is_choice(std::string_view model) {
  int depth = 0;
  for (const char c : model) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == '|' && depth == 1) return true;
  }
  return false;
}

Sentence not_allowed(std::string_view element, std::string_view model, std::string_view path,
                     const RepeatBound& bound) {
  const std::string parent = short_path(path);
  const std::string_view parent_name = last_segment(path);
  const auto items = model_items(model);
  if (is_choice(model)) {
    std::string options;
    for (const auto& item : items) options += (options.empty() ? "" : ", ") + item.name;
    return {fmt::format("{}/{} is not allowed here: {} takes exactly one of {}.", parent, element,
                        parent_name, options),
            fmt::format("{}/{} šeit nav atļauts: {} satur tieši vienu no {}.", parent, element,
                        parent_name, options)};
  }
  std::size_t at = items.size();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].name == element) at = i;
  }
  const auto en = names(items, Language::kEnglish);
  const auto lv = names(items, Language::kLatvian);
  if (at == items.size()) {
    return {
        fmt::format("{}/{} is not allowed here: the treasury guideline's {} has {}. Remove {} "
                    "(xsd/README.md says which ISO elements the guideline leaves out, and why).",
                    parent, element, parent_name, en, element),
        fmt::format("{}/{} šeit nav atļauts: Valsts kases vadlīnijās {} satur {}. Izņemiet {} "
                    "(xsd/README.md norāda, kurus ISO elementus vadlīnijas neietver un kāpēc).",
                    parent, element, parent_name, lv, element)};
  }
  // One too many of an element the schema counts (Xerces writes the count
  // as '*'); when something follows it in the model, it may instead have
  // come too early.
  if (const auto most = bound && items[at].repeats ? bound(element) : std::nullopt; most) {
    const bool last = at + 1 == items.size();
    return {fmt::format("{}/{} comes more than {} times: the treasury guideline takes at most {} "
                        "{} in {}.{}",
                        parent, element, *most, *most, element, parent_name,
                        last ? ""
                             : fmt::format(" If there are fewer, it is out of order: {} has {} "
                                           "in this order.",
                                           parent_name, en)),
            fmt::format("{}/{} ir vairāk nekā {} reizes: Valsts kases vadlīnijas pieļauj ne vairāk "
                        "kā {} {} elementā {}.{}",
                        parent, element, *most, *most, element, parent_name,
                        last ? ""
                             : fmt::format(" Ja to ir mazāk, tas ir nepareizā secībā: {} "
                                           "satur {} šādā secībā.",
                                           parent_name, lv))};
  }
  // In the model: something required before it is missing, or it came too early.
  std::string missing;
  for (std::size_t i = at; i-- > 0;) {
    if (items[i].required) {
      missing = items[i].name;
      break;
    }
  }
  if (missing.empty()) {
    return {fmt::format("{}/{} is out of order: {} has {} in this order.", parent, element,
                        parent_name, en),
            fmt::format("{}/{} ir nepareizā secībā: {} satur {} šādā secībā.", parent, element,
                        parent_name, lv)};
  }
  std::vector<ModelItem> required;
  for (const auto& item : items) {
    if (item.required) required.push_back(item);
  }
  const bool between = required.size() < items.size();
  Sentence text{
      fmt::format("{}/{} is missing before {} (or out of order, or {} comes twice): {} must have "
                  "{} in this order{}.",
                  parent, missing, element, element, parent_name,
                  names(required, Language::kEnglish),
                  between ? ", optional elements between them" : ""),
      fmt::format("{}/{} trūkst pirms {} (vai ir nepareizā secībā, vai {} ir divreiz): {} jāsatur "
                  "{} šādā secībā{}.",
                  parent, missing, element, element, parent_name,
                  names(required, Language::kLatvian),
                  between ? ", starp tiem var būt elementi pēc izvēles" : "")};
  if (const Hint* hint = hint_for(parent_name, missing); hint != nullptr) {
    text.en += fmt::format(" {}: {}.", missing, hint->en);
    text.lv += fmt::format(" {}: {}.", missing, hint->lv);
  }
  return text;
}

Sentence incomplete(std::string_view model, std::string_view path) {
  const auto items = model_items(model);
  std::vector<ModelItem> required;
  for (const auto& item : items) {
    if (item.required) required.push_back(item);
  }
  Sentence text{fmt::format("{} ends too early: it must have {}; one of them is missing.",
                            short_path(path), names(required, Language::kEnglish)),
                fmt::format("{} beidzas par agru: tam jāsatur {}; kāds no tiem trūkst.",
                            short_path(path), names(required, Language::kLatvian))};
  if (required.size() == 1) {
    if (const Hint* hint = hint_for(last_segment(path), required.front().name); hint != nullptr) {
      text.en += fmt::format(" {}: {}.", required.front().name, hint->en);
      text.lv += fmt::format(" {}: {}.", required.front().name, hint->lv);
    }
  }
  return text;
}

// C0 controls, DEL, and C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F).
bool has_control_character(std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < value.size() && static_cast<unsigned char>(value[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(value[i + 1]) <= 0x9f) {
      return true;
    }
  }
  return false;
}

// What the element holds decides the advice, not the value (a date sent
// where a date and time belongs, or the reverse, is the usual mistake):
// ISO 20022 names a date ...Dt and a date and time ...DtTm.
bool holds_time(std::string_view element, const std::string& message) {
  if (element.ends_with("DtTm")) return true;
  if (element.ends_with("Dt")) return false;
  return message.find("dateTime") != std::string::npos ||
         message.find("time") != std::string::npos || message.find("hours") != std::string::npos ||
         message.find("minutes") != std::string::npos ||
         message.find("seconds") != std::string::npos;
}

Sentence date_time_text(const std::string& message, const std::string& value,
                        std::string_view path) {
  const std::string where = short_path(path);
  if (holds_time(last_segment(path), message)) {
    return {fmt::format("{}: '{}' is not a valid date and time; write it as YYYY-MM-DDThh:mm:ss, "
                        "e.g. 2026-11-23T09:15:00.",
                        where, value),
            fmt::format("{}: '{}' nav derīgs datums un laiks; rakstiet to kā "
                        "GGGG-MM-DDThh:mm:ss, piemēram, 2026-11-23T09:15:00.",
                        where, value)};
  }
  return {fmt::format("{}: '{}' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-23.",
                      where, value),
          fmt::format("{}: '{}' nav derīgs datums; rakstiet to kā GGGG-MM-DD, piemēram, "
                      "2026-11-23.",
                      where, value)};
}

// "value 'x' is invalid boolean": what the type takes instead.
Sentence invalid_type_text(const std::string& value, const std::string& type,
                           const std::string& where) {
  if (type == "boolean") {
    return {
        fmt::format("{}: '{}' is not true or false, the only values allowed here.", where, value),
        fmt::format("{}: '{}' nav true vai false, vienīgās šeit atļautās vērtības.", where, value)};
  }
  return {fmt::format("{}: '{}' is not a valid {}.", where, value, type),
          fmt::format("{}: '{}' nav derīga {} tipa vērtība.", where, value, type)};
}

// The value facets a number or text must keep (besides patterns and lengths).
std::optional<Sentence> facet_text(const std::string& message, const std::string& where) {
  static const std::regex kTooShort(
      "value '(.*)' has length '([0-9]+)' which is less than minLength facet value '([0-9]+)'");
  static const std::regex kTooLongFacet(
      "value '(.*)' has length '([0-9]+)' which exceeds maxLength facet value '([0-9]+)'");
  static const std::regex kTotalDigits(
      "value '(.*)' has '([0-9]+)' total digits which exceeds totalDigits facet value '([0-9]+)'");
  static const std::regex kFractionDigits(
      "value '(.*)' has '([0-9]+)' fraction digits which exceeds fractionDigits facet value "
      "'([0-9]+)'");
  static const std::regex kBound(
      "value '(.*)' must be (?:less|greater) than(?: or equal to)? (max|min)(Inclusive|Exclusive) "
      "facet value '(.*)'");
  std::smatch m;
  if (std::regex_match(message, m, kTooShort)) {
    if (m[2].str() == "0") {
      return Sentence{
          fmt::format("{} is empty; it needs at least {} character(s).", where, m[3].str()),
          fmt::format("{} ir tukšs; vajadzīgais rakstzīmju skaits: vismaz {}.", where, m[3].str())};
    }
    return Sentence{fmt::format("{}: '{}' is {} characters long; at least {} are needed.", where,
                                m[1].str(), m[2].str(), m[3].str()),
                    fmt::format("{}: '{}' ir par īsu: rakstzīmju skaits {}, vajag vismaz {}.",
                                where, m[1].str(), m[2].str(), m[3].str())};
  }
  if (std::regex_match(message, m, kTooLongFacet)) {
    return Sentence{fmt::format("{}: '{}' is {} characters long; at most {} are allowed.", where,
                                m[1].str(), m[2].str(), m[3].str()),
                    fmt::format("{}: '{}' ir par garu: rakstzīmju skaits {}, atļauts ne vairāk kā "
                                "{}.",
                                where, m[1].str(), m[2].str(), m[3].str())};
  }
  if (std::regex_match(message, m, kTotalDigits)) {
    return Sentence{fmt::format("{}: '{}' has {} digits; at most {} are allowed.", where,
                                m[1].str(), m[2].str(), m[3].str()),
                    fmt::format("{}: '{}' ciparu skaits ir {}; atļauts ne vairāk kā {}.", where,
                                m[1].str(), m[2].str(), m[3].str())};
  }
  if (std::regex_match(message, m, kFractionDigits)) {
    return Sentence{fmt::format("{}: '{}' has {} digits after the point; at most {} are allowed.",
                                where, m[1].str(), m[2].str(), m[3].str()),
                    fmt::format("{}: '{}' ciparu skaits aiz punkta ir {}; atļauts ne vairāk kā {}.",
                                where, m[1].str(), m[2].str(), m[3].str())};
  }
  if (std::regex_match(message, m, kBound)) {
    const bool upper = m[2].str() == "max";
    const bool inclusive = m[3].str() == "Inclusive";
    const std::string_view en =
        upper ? (inclusive ? "at most" : "less than") : (inclusive ? "at least" : "more than");
    const std::string_view lv = upper ? (inclusive ? "ne vairāk kā" : "mazāk nekā")
                                      : (inclusive ? "vismaz" : "vairāk nekā");
    return Sentence{fmt::format("{}: '{}' is out of range; it must be {} {}.", where, m[1].str(),
                                en, m[4].str()),
                    fmt::format("{}: '{}' ir ārpus robežām; tam jābūt {} {}.", where, m[1].str(),
                                lv, m[4].str())};
  }
  return std::nullopt;
}

// A number Xerces cannot read: its words name no value (XMLBigDecimal).
std::optional<Sentence> number_text(const std::string& message, const std::string& where) {
  if (message == "empty string encountered") {
    return Sentence{fmt::format("{} is empty; it needs a number, e.g. 1500.00.", where),
                    fmt::format("{} ir tukšs; tajā jābūt skaitlim, piemēram, 1500.00.", where)};
  }
  if (message == "invalid character encountered" ||
      message == "more than one decimal point encountered") {
    return Sentence{fmt::format("{}: the value is not a number as XML writes it: digits with one "
                                "point before the decimals (e.g. 1500.00), no spaces, commas or "
                                "thousands separators.",
                                where),
                    fmt::format("{}: vērtība nav skaitlis XML pierakstā: cipari ar vienu punktu "
                                "pirms decimāldaļas (piemēram, 1500.00), bez atstarpēm, komatiem "
                                "vai tūkstošu atdalītājiem.",
                                where)};
  }
  return std::nullopt;
}

// Attributes, and text or elements where the other belongs.
std::optional<Sentence> markup_text(const std::string& message, const std::string& where) {
  static const std::regex kMissingAttribute("missing required attribute '([^']+)'");
  static const std::regex kUndeclaredAttribute(
      "attribute '([^']+)' is not declared for element '([^']+)'|"
      "no declaration found for attribute '([^']+)'");
  static const std::regex kSimpleWithElements(
      "element '([^']+)' is of simple type and cannot have elements in its content");
  std::smatch m;
  if (std::regex_match(message, m, kMissingAttribute)) {
    if (m[1].str() == "Ccy") {
      return Sentence{fmt::format("{}: an amount lacks its currency; write it as "
                                  "<InstdAmt Ccy=\"EUR\">12.50</InstdAmt>.",
                                  where),
                      fmt::format("{}: summai trūkst valūtas; rakstiet to kā "
                                  "<InstdAmt Ccy=\"EUR\">12.50</InstdAmt>.",
                                  where)};
    }
    return Sentence{fmt::format("{}: an element here lacks its required attribute {}; add it.",
                                where, m[1].str()),
                    fmt::format("{}: elementam šeit trūkst obligātā atribūta {}; pievienojiet to.",
                                where, m[1].str())};
  }
  if (std::regex_match(message, m, kUndeclaredAttribute)) {
    const std::string attribute = m[1].matched ? m[1].str() : m[3].str();
    if (m[2].matched) {
      return Sentence{fmt::format("{}: {} may not have the attribute {}; remove it.", where,
                                  m[2].str(), attribute),
                      fmt::format("{}: elementam {} nav atļauts atribūts {}; izņemiet to.", where,
                                  m[2].str(), attribute)};
    }
    return Sentence{
        fmt::format("{}: the attribute {} is not allowed here; remove it.", where, attribute),
        fmt::format("{}: atribūts {} šeit nav atļauts; izņemiet to.", where, attribute)};
  }

  if (message == "no character data is allowed by content model") {
    return Sentence{fmt::format("{} holds text between its elements, where only elements may "
                                "stand; remove the text.",
                                where),
                    fmt::format("Elementā {} starp elementiem ir teksts, bet tur drīkst būt "
                                "tikai elementi; izņemiet tekstu.",
                                where)};
  }
  if (std::regex_match(message, m, kSimpleWithElements)) {
    return Sentence{
        fmt::format("{}: {} takes a value, not elements inside it.", where, m[1].str()),
        fmt::format("{}: {} drīkst saturēt tikai vērtību, nevis elementus.", where, m[1].str())};
  }
  return std::nullopt;
}

// The file is not XML at this point: the kinds Xerces reports most, each
// with what to change, after one lead-in; {0} is the name Xerces quotes.
std::optional<Sentence> well_formedness_text(const std::string& message) {
  struct Fault {
    std::regex message;
    std::string_view en;
    std::string_view lv;
  };
  static const std::array<Fault, 14> kFaults = {{
      {std::regex("unterminated (?:start|end) tag '([^']+)'"),
       "a tag of {0} is not closed with '>'.", "{0} tags nav noslēgts ar '>'."},
      {std::regex("prefix '([^']+)' can not be resolved to namespace URI"),
       "the prefix {0}: is not declared (xmlns:{0}=\"...\"); remove it or declare it.",
       "prefikss {0}: nav deklarēts (xmlns:{0}=\"...\"); izņemiet vai deklarējiet to."},
      {std::regex("expected end of tag '([^']+)'"), "the end tag </{0}> is missing or misspelt.",
       "beigu tags </{0}> trūkst vai ir uzrakstīts kļūdaini."},
      {std::regex("entity '([^']+)' not found"),
       "&{0}; is not an XML entity; write the character itself, or &amp; for '&'.",
       "&{0}; nav XML entītija; rakstiet pašu rakstzīmi vai &amp; rakstzīmes '&' vietā."},
      {std::regex("expected entity name for reference"),
       "a '&' is not followed by an entity name; write &amp; for '&'.",
       "aiz '&' nav entītijas nosaukuma; rakstiet &amp; rakstzīmes '&' vietā."},
      {std::regex("invalid character 0x([0-9A-Fa-f]+)"),
       "it holds the character 0x{0}, which XML does not allow; remove it.",
       "tajā ir rakstzīme 0x{0}, ko XML neatļauj; izņemiet to."},
      {std::regex("element name expected"),
       "a '<' is not followed by an element name; write &lt; for a '<' in text.",
       "aiz '<' nav elementa nosaukuma; rakstiet &lt; rakstzīmes '<' vietā tekstā."},
      {std::regex("invalid element name '([^']*)'"), "'{0}' is not a valid element name.",
       "'{0}' nav derīgs elementa nosaukums."},
      {std::regex("attribute (?:name|value) expected"),
       "a start tag's attributes are not written as name=\"value\".",
       "sākuma taga atribūti nav uzrakstīti kā nosaukums=\"vērtība\"."},
      // Both in a start tag and in the XML declaration.
      {std::regex("(?:whitespace|equal sign) expected"),
       "a space or '=' is missing between attributes (of a start tag or of the XML declaration).",
       "starp atribūtiem (sākuma tagā vai XML deklarācijā) trūkst atstarpes vai '='."},
      // The XML declaration, or something before it: a blank line, a second
      // byte order mark, text of an editor.
      {std::regex("(?:expected version, encoding, or standalone declaration|unterminated XML "
                  "declaration|quoted string expected|processing instruction cannot start with "
                  "'[xX][mM][lL]')"),
       "the file must begin with <?xml version=\"1.0\" encoding=\"UTF-8\"?> and nothing before "
       "it.",
       "failam jāsākas ar <?xml version=\"1.0\" encoding=\"UTF-8\"?>, un pirms tā nedrīkst būt "
       "nekā."},
      {std::regex("input ended before all started tags were ended; last tag started is '([^']+)'"),
       "the file ends before </{0}>: it was cut short; send the whole file.",
       "fails beidzas pirms </{0}>: tas ir nepilnīgs; sūtiet visu failu."},
      {std::regex("unexpected end of input"),
       "the file ends early: it was cut short; send the whole file.",
       "fails beidzas priekšlaicīgi: tas ir nepilnīgs; sūtiet visu failu."},
      {std::regex("(?:invalid document structure|comment or processing instruction "
                  "expected|processing instruction name expected)"),
       "there is markup other than elements (a '<?' or '<!'), or something besides the one root "
       "element <Document> and its contents; remove it.",
       "ir iezīmējums, kas nav elements ('<?' vai '<!'), vai kaut kas bez viena saknes elementa "
       "<Document> un tā satura; izņemiet to."},
  }};
  std::smatch m;
  for (const Fault& fault : kFaults) {
    if (!std::regex_match(message, m, fault.message)) continue;
    return Sentence{
        "The file is not well-formed XML here: " + fmt::format(fmt::runtime(fault.en), m[1].str()),
        "Fails šeit nav pareizi veidots XML: " + fmt::format(fmt::runtime(fault.lv), m[1].str())};
  }
  return std::nullopt;
}

}  // namespace

Sentence readable_schema_text(std::string_view message, std::string_view path,
                              const RepeatBound& bound) {
  static const std::regex kNotAllowed("element '([^']+)' is not allowed for content model '(.*)'");
  static const std::regex kNotEnough(
      "(?:not enough elements to match|empty content is not valid for|missing elements in) "
      "content model '(.*)'");
  static const std::regex kUndeclared("no declaration found for element '([^']+)'");
  static const std::regex kNoGrammar("grammar not found for namespace '([^']*)'");
  static const std::regex kEnumeration("value '(.*)' not in enumeration");
  static const std::regex kPattern("value '(.*)' does not match regular expression facet '(.*)'");
  static const std::regex kTooLong(
      "value '(.*)' with length '([0-9]+)' exceeds maximum length facet of '([0-9]+)'");
  // A date or time Xerces cannot read, the value quoted (one message per
  // part: month, day, hours, zone...).
  static const std::regex kDateTime(
      "(?:invalid dateTime|missing 'T' separator in dateTime|incomplete date|invalid date|"
      "incomplete time|invalid time|expected fractional seconds after '\\.' in time|month|day|"
      "hours|minutes|seconds|year|illegal year|invalid time zone|"
      "unexpected text after 'Z' in time zone) value '(.*)'(?: must .*)?|"
      "time zone expected in '(.*)'");
  static const std::regex kInvalidType("value '(.*)' is invalid ([A-Za-z]+)");
  const std::string text(message);
  const std::string where = short_path(path);
  // The bounds on what a parse holds whole (xml/bounded_markup.h).
  if (message.starts_with(xml::kMarkupTooLong) || message.starts_with(xml::kTextTooLong)) {
    const bool is_text = message.starts_with(xml::kTextTooLong);
    const std::string_view rest =  // " 65536 bytes"
        message.substr((is_text ? xml::kTextTooLong : xml::kMarkupTooLong).size());
    const std::string bytes(rest.substr(1, rest.find(' ', 1) - 1));
    return is_text
               ? Sentence{fmt::format("a text of more than {} bytes without a tag starts here; no "
                                      "value of an ISO 20022 payment file is this long: the file "
                                      "is not read further.",
                                      bytes),
                          fmt::format("šeit sākas teksts, garāks par {} baitiem, bez neviena taga; "
                                      "neviena ISO 20022 maksājuma faila vērtība nav tik gara: "
                                      "fails tālāk netiek lasīts.",
                                      bytes)}
               : Sentence{fmt::format("a tag (with its attributes) of more than {} bytes starts "
                                      "here; ISO 20022 elements have one attribute at most (Ccy): "
                                      "the file is not read further.",
                                      bytes),
                          fmt::format("šeit sākas tags (ar atribūtiem), garāks par {} baitiem; ISO "
                                      "20022 elementiem ir ne vairāk kā viens atribūts (Ccy): "
                                      "fails tālāk netiek lasīts.",
                                      bytes)};
  }
  std::smatch m;
  if (std::regex_match(text, m, kNotAllowed))
    return not_allowed(m[1].str(), m[2].str(), path, bound);
  if (std::regex_match(text, m, kNotEnough)) return incomplete(m[1].str(), path);
  if (std::regex_match(text, m, kNoGrammar)) {
    return {fmt::format("{}: the namespace '{}' is not one of the messages the treasury takes; "
                        "check the xmlns here and on the root element.",
                        where, m[1].str()),
            fmt::format("{}: vārdtelpa '{}' nav neviena Valsts kases pieņemta ziņojuma vārdtelpa; "
                        "pārbaudiet xmlns šeit un saknes elementā.",
                        where, m[1].str())};
  }
  if (std::regex_match(text, m, kUndeclared)) {
    return {fmt::format("{} is not an element the treasury guideline allows in {}; remove it.",
                        m[1].str(), where),
            fmt::format("{} nav elements, ko Valsts kases vadlīnijas atļauj {}; izņemiet to.",
                        m[1].str(), where)};
  }
  if (std::regex_match(text, m, kEnumeration)) {
    if (last_segment(path) == "Amt" || last_segment(path) == "InstdAmt") {
      return {fmt::format("{}: currency {} is not one the treasury pays in (EUR USD CAD AUD CHF "
                          "DKK NOK GBP SEK HUF RUB BYN PLN CZK).",
                          where, m[1].str()),
              fmt::format("{}: Valsts kase nemaksā valūtā {} (maksā EUR USD CAD AUD CHF DKK NOK "
                          "GBP SEK HUF RUB BYN PLN CZK).",
                          where, m[1].str())};
    }
    return {fmt::format("{}: '{}' is not one of the values the treasury guideline allows here.",
                        where, m[1].str()),
            fmt::format("{}: '{}' nav neviena no vērtībām, ko Valsts kases vadlīnijas šeit atļauj.",
                        where, m[1].str())};
  }
  if (std::regex_match(text, m, kPattern)) {
    const std::string value = m[1].str();
    if (has_control_character(value)) {
      return {fmt::format("{}: '{}' holds a control character (a TAB, a line break or the like), "
                          "which the guideline does not allow in text; replace it with a space.",
                          where, value),
              fmt::format("{}: '{}' satur vadības rakstzīmi (tabulāciju, rindas pārnesumu vai "
                          "tamlīdzīgu), ko vadlīnijas tekstā neatļauj; aizstājiet to ar atstarpi.",
                          where, value)};
    }
    if (!value.empty() && (value.front() == ' ' || value.back() == ' ')) {
      return {fmt::format("{}: '{}' starts or ends with a space, which an identifier may not; "
                          "remove it.",
                          where, value),
              fmt::format("{}: '{}' sākas vai beidzas ar atstarpi, kas identifikatorā nav "
                          "atļauta; izņemiet to.",
                          where, value)};
    }
    return {fmt::format("{}: '{}' is not in the form the guideline requires (pattern {}).", where,
                        value, m[2].str()),
            fmt::format("{}: '{}' neatbilst vadlīniju prasītajai formai (paraugs {}).", where,
                        value, m[2].str())};
  }
  if (std::regex_match(text, m, kTooLong)) {
    return {fmt::format("{}: '{}' is {} characters long; at most {} are allowed.", where,
                        m[1].str(), m[2].str(), m[3].str()),
            fmt::format("{}: '{}' garums ir {} rakstzīmes; atļautas ne vairāk kā {}.", where,
                        m[1].str(), m[2].str(), m[3].str())};
  }
  if (std::regex_match(text, m, kDateTime)) {
    return date_time_text(text, m[1].matched ? m[1].str() : m[2].str(), path);
  }
  if (std::regex_match(text, m, kInvalidType))
    return invalid_type_text(m[1].str(), m[2].str(), where);
  if (auto number = number_text(text, where)) return std::move(*number);
  if (auto facet = facet_text(text, where)) return std::move(*facet);
  if (auto markup = markup_text(text, where)) return std::move(*markup);
  if (auto syntax = well_formedness_text(text)) return std::move(*syntax);
  // Another kind: Xerces' own words, introduced in Latvian (briefly: a
  // pain.002 AddtlInf holds 105 characters).
  return {text, fmt::format("XML kļūda (angliski): {}", text)};
}

bool length_overcounted(std::string_view message, std::size_t max_length) {
  // Xerces cuts a message at 2047 UTF-16 units, inside a long value: what
  // follows the cut would be the value's own text, which could forge a bound.
  // Believed only whole (its UTF-8 bytes are at least its UTF-16 units), and
  // with the bound the schema gives the element.
  if (message.size() >= kXercesMessageUnits) return false;
  static const std::regex kMaxLength(
      "value '(.*)' (?:with length '[0-9]+' exceeds maximum length facet of|has length '[0-9]+' "
      "which exceeds maxLength facet value) '([0-9]+)'");
  const std::string text(message);
  std::smatch m;
  if (!std::regex_match(text, m, kMaxLength)) return false;
  std::size_t bound = 0;
  const std::string written = m[2].str();
  const auto [end, error] = std::from_chars(written.data(), written.data() + written.size(), bound);
  if (error != std::errc() || end != written.data() + written.size() || bound != max_length) {
    return false;
  }
  return utf8_characters(m[1].str()) <= bound;
}

bool says_not_utf8(std::string_view message) {
  // Every way Xerces' UTF-8 transcoder and first-line decoder say it.
  static const std::regex kDecoding(
      "invalid byte '.*' at position [0-9]+ of a [0-9]+-byte sequence|"
      "(?:invalid|irregular) bytes '.*' and '.*' of a [0-9]+-byte sequence|"
      "invalid multi-byte sequence|"
      "exceeded byte limit at byte '.*' in a [0-9]+-byte sequence|"
      "unable to decode first line in entity '.*'");
  return std::regex_match(message.begin(), message.end(), kDecoding);
}

namespace {

// `text` (valid UTF-8) as a finding can carry it: without the indentation, and
// with '?' for characters XML does not allow (C0 controls, U+FFFE, U+FFFF)
// and DEL.
std::string showable(std::string_view text) {
  text.remove_prefix(std::min(text.find_first_not_of(" \t"), text.size()));
  std::string out;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = bytes[i];
    if (starts_with_fffe_or_ffff(bytes + i, bytes + text.size())) {
      out += '?';
      i += 2;
    } else {
      out += c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

Sentence not_utf8_text(const std::optional<Utf8Locator::Fault>& fault) {
  // A pain.002 AddtlInf holds 105 characters: what to do comes first after
  // the byte (the line and column are said apart).
  if (!fault) {
    // Xerces also refuses a first line it cannot decode for other reasons
    // (a character above ASCII in the declaration, a line too long).
    return {
        "The XML declaration cannot be read; begin the file with <?xml version=\"1.0\" "
        "encoding=\"UTF-8\"?>.",
        "XML deklarāciju nevar nolasīt; sāciet failu ar <?xml version=\"1.0\" "
        "encoding=\"UTF-8\"?>."};
  }
  const std::string before = showable(fault->before);
  const std::string after_en =
      before.empty() ? "at the start of a line" : fmt::format("after '{}'", before);
  const std::string after_lv = before.empty() ? "rindas sākumā" : fmt::format("pēc '{}'", before);
  return {fmt::format("Not UTF-8: the byte 0x{:02X} {}. Save the file as UTF-8, not e.g. "
                      "Windows-1257.",
                      static_cast<unsigned>(fault->byte), after_en),
          fmt::format("Nav UTF-8: baits 0x{:02X} {}. Saglabājiet failu UTF-8, nevis piem. "
                      "Windows-1257.",
                      static_cast<unsigned>(fault->byte), after_lv)};
}

}  // namespace gw::iso20022
