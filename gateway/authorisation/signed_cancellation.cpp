#include "authorisation/signed_cancellation.h"

#include <fmt/format.h>

#include <algorithm>

#include "authorisation/cancellation_statement.h"

namespace gw::authorisation {
namespace {

// The person's entry when they are a payment signer of every one of `ibans`.
const policy::PaymentSigner* signer_of_all(const std::vector<policy::PaymentSigner>& signers,
                                           const std::string& personal_code,
                                           const std::vector<std::string>& ibans) {
  const auto person = std::find_if(signers.begin(), signers.end(),
                                   [&](const auto& s) { return s.personal_code == personal_code; });
  if (person == signers.end()) return nullptr;
  for (const auto& iban : ibans) {
    if (std::none_of(person->rights.begin(), person->rights.end(),
                     [&](const policy::SigningRight& r) { return r.iban == iban; })) {
      return nullptr;
    }
  }
  return &*person;
}

}  // namespace

Result<std::optional<std::string>> SignedCancellation::statement(
    std::int64_t user_number, std::int64_t message_id,
    const std::vector<std::string>& end_to_end_ids) const {
  auto subject = store_.subject(user_number, message_id, end_to_end_ids);
  if (!subject) return tl::unexpected(subject.error());
  if (!*subject) return std::optional<std::string>{};
  return std::optional<std::string>(cancellation_statement(**subject, end_to_end_ids));
}

Result<std::optional<SignedCancellationOutcome>> SignedCancellation::cancel(
    std::int64_t user_number, const std::vector<policy::GrantedAccount>& accounts,
    const std::vector<policy::PaymentSigner>& payment_signers, std::int64_t message_id,
    const std::vector<std::string>& end_to_end_ids, const std::string& cms,
    std::chrono::system_clock::time_point now, Language language,
    std::optional<std::int64_t> credential_version) const {
  auto subject = store_.subject(user_number, message_id, end_to_end_ids);
  if (!subject) return tl::unexpected(subject.error());
  if (!*subject) return std::optional<SignedCancellationOutcome>{};
  const std::string statement = cancellation_statement(**subject, end_to_end_ids);
  SignedCancellationOutcome out;

  auto identified = signers_.identify(cms, statement, now);
  if (!identified) return tl::unexpected(identified.error());
  if (!*identified) {
    out.refusal = identified->error();
    return out;
  }
  const pki::SignerCertificate& signer = **identified;
  const policy::PaymentSigner* person =
      signer_of_all(payment_signers, signer.personal_code, (*subject)->debtor_ibans);
  if (person == nullptr) {
    out.refusal = store::DecisionRefusal{
        "not_a_signer", "DS0H",
        fmt::format("the holder of certificate {} is not a payment signer of every account of "
                    "the payments to cancel",
                    signer.serial)};
    return out;
  }
  const store::CancellationSignature kept{signer.personal_code,   person->name,  statement,    cms,
                                          signer.certificate_pem, signer.serial, signer.issuer};
  auto done = cancellation_.cancel(user_number, message_id, end_to_end_ids, now, language, accounts,
                                   credential_version, &kept);
  if (!done) return tl::unexpected(done.error());
  if (!*done) return std::optional<SignedCancellationOutcome>{};
  if ((*done)->signer_revoked) {
    out.refusal = store::DecisionRefusal{
        "certificate_revoked", "DS0C",
        fmt::format("signing certificate {} was revoked while the cancellation was on its way",
                    signer.serial)};
    return out;
  }
  out.cancellation = std::move(**done);
  return out;
}

}  // namespace gw::authorisation
