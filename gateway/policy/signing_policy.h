// Who authorises payment files, and when a file has enough signatures.
//
// An application names payment signers: persons (by personal code) with a
// signing level 1, 2 or 3 per account in manage mode, the treasury portal's
// "1. paraksts", "2. paraksts", "3. paraksts". An account needs N signatures
// (AccountGrant::signatures_required). N signatures suffice when they come
// from N different persons who can fill the levels 1..N, each with a level at
// least the one they fill: for N = 2, one signer of level 2 or 3 and one more
// of any level. The order in which they sign does not matter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "policy/account_grant.h"

namespace gw::policy {

struct SigningRight {
  std::string iban;
  int level = 1;  // 1..3
};

struct PaymentSigner {
  std::string name;
  std::string personal_code;  // normalised DDMMYY-CNNNN
  std::vector<SigningRight> rights;
};

inline constexpr int kMaxSignatures = 3;

// Registration rules: every right is on an account the application manages;
// a person is listed once; every account's signatures_required can be met by
// its signers; view accounts need none.
Status check_signing_policy(const std::vector<AccountGrant>& accounts,
                            const std::vector<PaymentSigner>& signers);

// The signatures a file debiting these accounts needs: the most any of them needs.
int signatures_required(const std::vector<GrantedAccount>& accounts,
                        const std::vector<std::string>& debtor_ibans);

// The level a person may sign a file debiting these accounts with: the lowest
// of their levels over the accounts that need signatures; 0 when they are not
// a signer of one of them.
int signing_level(const std::vector<PaymentSigner>& signers,
                  const std::vector<GrantedAccount>& accounts, const std::string& personal_code,
                  const std::vector<std::string>& debtor_ibans);

// Whether the signers can give a file debiting these accounts all the
// signatures it needs: enough persons with a level on every account of it
// that needs signatures, filling the levels.
bool signers_can_release(const std::vector<PaymentSigner>& signers,
                         const std::vector<GrantedAccount>& accounts,
                         const std::vector<std::string>& debtor_ibans);

// Whether signatures of these levels (one per person) can fill levels 1..n,
// n = levels.size(), each by a signer of at least that level.
bool levels_fill(std::vector<int> levels);

}  // namespace gw::policy
