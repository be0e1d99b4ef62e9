// What a payment carries for the creditor to reconcile on: every unstructured
// remittance line (Ustrd), every structured block (Strd: the creditor
// reference, e.g. an RF reference, the documents it settles, and additional lines, where Latvian
// tax payments carry the EKK code), and the purpose (Purp). Captured from the pain.001, kept with
// the payment through the ledger queue and the journal, and written into the camt.052/053 entries.
//
// Stored as one compact text (encode/decode): records separated by U+001E,
// fields by U+001F, characters XML 1.0 cannot carry, so no captured text can
// be mistaken for a separator. A remittance of one Ustrd line and nothing
// else is stored as that line itself, which is also how rows written before
// this encoding read back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gw {

// A code (Cd) or a proprietary text (Prtry), as ISO's choices of the two.
struct CodeOrText {
  std::string value;  // empty: absent
  bool proprietary = false;
};

struct CreditorReference {
  CodeOrText type;  // e.g. Cd SCOR
  std::string issuer;
  std::string reference;  // e.g. RF18539007547034

  bool empty() const { return type.value.empty() && issuer.empty() && reference.empty(); }
};

// A document the payment settles (RfrdDocInf): an invoice, a credit note, ...
struct ReferredDocument {
  CodeOrText type;  // e.g. Cd CINV
  std::string issuer;
  std::string number;
  std::string date;  // RltdDt, YYYY-MM-DD

  bool empty() const {
    return type.value.empty() && issuer.empty() && number.empty() && date.empty();
  }
};

struct StructuredRemittance {
  std::vector<ReferredDocument> referred;
  CreditorReference creditor_reference;
  std::vector<std::string> additional;  // AddtlRmtInf, up to 3
};

struct Remittance {
  std::vector<std::string> unstructured;
  std::vector<StructuredRemittance> structured;
  CodeOrText purpose;  // e.g. Cd TAXS

  bool empty() const { return unstructured.empty() && structured.empty() && purpose.value.empty(); }
};

std::string encode_remittance(const Remittance& remittance);
// Anything that is not an encoding (a plain text) is one Ustrd line.
Remittance decode_remittance(std::string_view stored);

}  // namespace gw
