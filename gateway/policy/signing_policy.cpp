#include "policy/signing_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace gw::policy {

bool levels_fill(std::vector<int> levels) {
  std::sort(levels.begin(), levels.end());
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i] < static_cast<int>(i) + 1) return false;
  }
  return true;
}

Status check_signing_policy(const std::vector<AccountGrant>& accounts,
                            const std::vector<PaymentSigner>& signers) {
  const auto grant_of = [&accounts](const std::string& iban) -> const AccountGrant* {
    const auto it = std::find_if(accounts.begin(), accounts.end(),
                                 [&](const AccountGrant& g) { return g.iban == iban; });
    return it == accounts.end() ? nullptr : &*it;
  };
  std::set<std::string> people;
  for (std::size_t i = 0; i < signers.size(); ++i) {
    const PaymentSigner& signer = signers[i];
    if (!people.insert(signer.personal_code).second) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("payment_signers[{}]: {} is listed twice; list each person once "
                              "with all their accounts",
                              i, signer.personal_code),
                  fmt::format("payment_signers[{}]: {} norādīts divreiz; norādiet katru personu "
                              "vienreiz ar visiem tās kontiem",
                              i, signer.personal_code));
    }
    std::set<std::string> ibans;
    for (const SigningRight& right : signer.rights) {
      const AccountGrant* grant = grant_of(right.iban);
      if (grant == nullptr || grant->mode != AccountMode::kManage) {
        return fail(
            ErrorCode::kInvalidArgument,
            fmt::format("payment_signers[{}]: {} is not an account of this application "
                        "in manage mode",
                        i, right.iban),
            fmt::format("payment_signers[{}]: {} šajā pieteikumā nav norādīts kā pārvaldāms konts",
                        i, right.iban));
      }
      if (!ibans.insert(right.iban).second) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("payment_signers[{}]: {} is listed twice", i, right.iban),
                    fmt::format("payment_signers[{}]: {} norādīts divreiz", i, right.iban));
      }
    }
  }
  for (const AccountGrant& grant : accounts) {
    if (grant.signatures_required == 0) continue;
    if (grant.mode != AccountMode::kManage) {
      return fail(
          ErrorCode::kInvalidArgument,
          fmt::format("account {}: a view account sends no payments to sign", grant.iban),
          fmt::format(
              "konts {}: no skatīšanas konta maksājumus nesūta, tāpēc paraksti nav vajadzīgi",
              grant.iban));
    }
    std::vector<int> levels;
    for (const PaymentSigner& signer : signers) {
      for (const SigningRight& right : signer.rights) {
        if (right.iban == grant.iban) levels.push_back(right.level);
      }
    }
    // The best the signers can do: the highest levels, one per person.
    std::sort(levels.rbegin(), levels.rend());
    if (levels.size() > static_cast<std::size_t>(grant.signatures_required)) {
      levels.resize(static_cast<std::size_t>(grant.signatures_required));
    }
    if (levels.size() < static_cast<std::size_t>(grant.signatures_required) ||
        !levels_fill(levels)) {
      const int n = grant.signatures_required;
      if (n == 1) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("account {} needs 1 signature, but its payment_signers cannot "
                                "give it (it needs a person of level 1 or higher)",
                                grant.iban),
                    fmt::format("kontam {} nepieciešams 1 paraksts, bet payment_signers to nevar "
                                "nodrošināt (nepieciešama persona ar 1. vai augstāku līmeni)",
                                grant.iban));
      }
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("account {} needs {} signatures, but its payment_signers cannot "
                              "give them (it needs {} different persons, one of level {} or "
                              "higher)",
                              grant.iban, n, n, n),
                  fmt::format("kontam {} nepieciešami {} paraksti, bet payment_signers tos nevar "
                              "nodrošināt (nepieciešamas {} dažādas personas, no tām viena ar "
                              "{}. vai augstāku līmeni)",
                              grant.iban, n, n, n));
    }
  }
  return ok();
}

int signatures_required(const std::vector<GrantedAccount>& accounts,
                        const std::vector<std::string>& debtor_ibans) {
  int required = 0;
  for (const GrantedAccount& account : accounts) {
    if (std::find(debtor_ibans.begin(), debtor_ibans.end(), account.iban) != debtor_ibans.end()) {
      required = std::max(required, account.signatures_required);
    }
  }
  return required;
}

int signing_level(const std::vector<PaymentSigner>& signers,
                  const std::vector<GrantedAccount>& accounts, const std::string& personal_code,
                  const std::vector<std::string>& debtor_ibans) {
  const auto signer = std::find_if(signers.begin(), signers.end(), [&](const PaymentSigner& s) {
    return s.personal_code == personal_code;
  });
  if (signer == signers.end()) return 0;
  int level = kMaxSignatures;
  bool any = false;
  for (const std::string& iban : debtor_ibans) {
    if (signatures_required(accounts, {iban}) == 0) continue;
    const auto right = std::find_if(signer->rights.begin(), signer->rights.end(),
                                    [&](const SigningRight& r) { return r.iban == iban; });
    if (right == signer->rights.end()) return 0;
    level = std::min(level, right->level);
    any = true;
  }
  return any ? level : 0;
}

bool signers_can_release(const std::vector<PaymentSigner>& signers,
                         const std::vector<GrantedAccount>& accounts,
                         const std::vector<std::string>& debtor_ibans) {
  const int required = signatures_required(accounts, debtor_ibans);
  std::vector<int> levels;
  for (const PaymentSigner& signer : signers) {
    const int level = signing_level(signers, accounts, signer.personal_code, debtor_ibans);
    if (level > 0) levels.push_back(level);
  }
  // The best they can do: the highest levels, one per person.
  std::sort(levels.rbegin(), levels.rend());
  if (levels.size() < static_cast<std::size_t>(required)) return false;
  levels.resize(static_cast<std::size_t>(required));
  return levels_fill(levels);
}

}  // namespace gw::policy
