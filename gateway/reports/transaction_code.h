// The sub-family of a credit transfer's bank transaction code (ISO 20022
// external code set, domain PMNT, families ICDT and RCDT), from where the
// money went or came from. A statement's reader books and reconciles on it:
// ESCT promises a SEPA credit transfer, EUR only.
#pragma once

#include <string_view>

namespace gw::reports {

// `other_iban`: the other side's IBAN (empty for an account abroad named
// without one); `currency`: the payment's, as instructed; `service_level`:
// PmtTpInf/SvcLvl/Cd, of the payment or its block, if any.
//   BOOK  between two treasury accounts;
//   ESCT  a SEPA credit transfer: EUR, an IBAN of the SEPA area, and no
//         service level other than SEPA or NURG (an urgent payment goes
//         by TARGET2, not by the SEPA scheme);
//   DMCT  to or from another bank in Latvia otherwise;
//   XBCT  cross-border otherwise.
std::string_view credit_transfer_sub_family(bool treasury_internal, std::string_view other_iban,
                                            std::string_view currency,
                                            std::string_view service_level);

}  // namespace gw::reports
