// The bank transaction code's sub-family of a credit transfer: what a
// statement promises about the way the money went.
#include "reports/transaction_code.h"

#include <doctest/doctest.h>

#include "core/country_codes.h"

using gw::reports::credit_transfer_sub_family;

TEST_CASE("the SEPA area: the EU, EEA and the scheme's other countries, by IBAN country") {
  for (const char* in : {"LV", "DE", "FR", "NO", "IS", "LI", "CH", "GB", "MC", "SM", "VA", "AD",
                         "GI", "GG", "JE", "IM", "PM"}) {
    CAPTURE(in);
    CHECK(gw::in_sepa(in));
  }
  for (const char* out : {"US", "RU", "BY", "UA", "TR", "XK", "lv", "", "L"}) {
    CAPTURE(out);
    CHECK_FALSE(gw::in_sepa(out));
  }
}

TEST_CASE("credit transfers: BOOK inside the treasury, ESCT for SEPA, DMCT at home, XBCT abroad") {
  // Between treasury accounts, whatever the rest says.
  CHECK(credit_transfer_sub_family(true, "LV76TREL1060000300002", "USD", "URGP") == "BOOK");
  // SEPA: EUR, an IBAN of the area, no service level or a SEPA one.
  CHECK(credit_transfer_sub_family(false, "DE89370400440532013000", "EUR", "") == "ESCT");
  CHECK(credit_transfer_sub_family(false, "LV97HABA0012345678910", "EUR", "SEPA") == "ESCT");
  CHECK(credit_transfer_sub_family(false, "LV97HABA0012345678910", "EUR", "NURG") == "ESCT");
  // Not SEPA at home: urgent, or another currency.
  CHECK(credit_transfer_sub_family(false, "LV97HABA0012345678910", "EUR", "URGP") == "DMCT");
  CHECK(credit_transfer_sub_family(false, "LV97HABA0012345678910", "USD", "") == "DMCT");
  // Abroad otherwise: another currency in the area, outside it, no IBAN at all.
  CHECK(credit_transfer_sub_family(false, "DE89370400440532013000", "USD", "") == "XBCT");
  CHECK(credit_transfer_sub_family(false, "DE89370400440532013000", "EUR", "URGP") == "XBCT");
  CHECK(credit_transfer_sub_family(false, "UA213223130000026007233566001", "EUR", "") == "XBCT");
  CHECK(credit_transfer_sub_family(false, "", "USD", "") == "XBCT");
}
