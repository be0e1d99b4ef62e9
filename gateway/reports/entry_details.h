// What a statement entry shows of a payment's captured details (the
// element trees of its block and of itself, core/element_tree.h): parties
// with addresses and identifiers, ultimate parties, agents, UETR, local
// instrument, and SALA as the sub-family of a salary payment. Reads both
// pain.001 versions' names (BICOrBEI/AnyBIC, BIC/BICFI).
#pragma once

#include "core/element_tree.h"
#include "iso20022/report_entry.h"

namespace gw::reports {

// Adds to `entry` (whose names, accounts and creditor agent's BIC are set)
// what `block` and `payment` carry. A payment's own UltmtDbtr, PmtTpInf
// parts and the like take precedence over its block's.
void add_payment_details(const Element& block, const Element& payment,
                         iso20022::ReportEntry& entry);

// PmtTpInf/SvcLvl/Cd of the payment, else of its block; empty for none.
std::string_view service_level_of(const Element& block, const Element& payment);

iso20022::ReportAddress address_of(const Element* postal_address);
iso20022::ReportParty party_of(const Element* party);
iso20022::ReportAgent agent_of(const Element* agent);

}  // namespace gw::reports
