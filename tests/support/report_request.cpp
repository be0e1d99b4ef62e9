#include "support/report_request.h"

#include <fmt/format.h>

namespace gw::test {

std::string camt060_request(const std::string& msg_id, const std::string& iban,
                            const std::string& message_name, const std::string& from,
                            const std::string& to) {
  return fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.060.001.03"><AcctRptgReq>
<GrpHdr><MsgId>{}</MsgId><CreDtTm>2026-11-23T09:00:00</CreDtTm></GrpHdr>
<RptgReq><ReqdMsgNmId>{}</ReqdMsgNmId><Acct><Id><IBAN>{}</IBAN></Id></Acct><AcctOwnr><Pty><Nm>P</Nm></Pty></AcctOwnr>
<RptgPrd><FrToDt><FrDt>{}</FrDt><ToDt>{}</ToDt></FrToDt><FrToTm><FrTm>00:00:00</FrTm></FrToTm><Tp>ALLL</Tp></RptgPrd></RptgReq>
</AcctRptgReq></Document>)",
      msg_id, message_name, iban, from, to);
}

}  // namespace gw::test
