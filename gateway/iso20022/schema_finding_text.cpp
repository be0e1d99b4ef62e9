#include "iso20022/schema_finding_text.h"

#include <fmt/format.h>

#include <array>
#include <regex>
#include <string>
#include <utility>
#include <vector>

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

Sentence not_allowed(std::string_view element, std::string_view model, std::string_view path) {
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

}  // namespace

Sentence readable_schema_text(std::string_view message, std::string_view path) {
  static const std::regex kNotAllowed("element '([^']+)' is not allowed for content model '(.*)'");
  static const std::regex kNotEnough("not enough elements to match content model '(.*)'");
  static const std::regex kUndeclared("no declaration found for element '([^']+)'");
  static const std::regex kEnumeration("value '(.*)' not in enumeration");
  static const std::regex kPattern("value '(.*)' does not match regular expression facet '(.*)'");
  static const std::regex kTooLong(
      "value '(.*)' with length '([0-9]+)' exceeds maximum length facet of '([0-9]+)'");
  const std::string text(message);
  const std::string where = short_path(path);
  std::smatch m;
  if (std::regex_match(text, m, kNotAllowed)) return not_allowed(m[1].str(), m[2].str(), path);
  if (std::regex_match(text, m, kNotEnough)) return incomplete(m[1].str(), path);
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
  return {text, {}};  // Xerces' own words, in English only
}

}  // namespace gw::iso20022
