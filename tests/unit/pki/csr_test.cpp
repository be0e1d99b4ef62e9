#include "pki/csr.h"

#include <doctest/doctest.h>
#include <openssl/rsa.h>

#include <string>

using namespace gw;
using namespace gw::pki;

namespace {

using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslDeleter<EVP_PKEY_CTX_free>>;

EvpPkeyPtr rsa_key(unsigned bits, unsigned long exponent = 65537) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  REQUIRE(EVP_PKEY_keygen_init(ctx.get()) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), static_cast<int>(bits)) == 1);
  std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>> e(BN_new());
  REQUIRE(BN_set_word(e.get(), exponent) == 1);
  REQUIRE(EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) == 1);
  EVP_PKEY* key = nullptr;
  REQUIRE(EVP_PKEY_keygen(ctx.get(), &key) == 1);
  return EvpPkeyPtr(key);
}

EvpPkeyPtr ec_key(const char* curve) {
  return EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
}

// A PEM CSR carrying `key`, signed by `signer` (by default `key` itself;
// SHA-256, but Ed25519 signs without a digest).
std::string csr_of(EVP_PKEY* key, EVP_PKEY* signer = nullptr) {
  if (signer == nullptr) signer = key;
  X509ReqPtr request(X509_REQ_new());
  X509_NAME* name = X509_REQ_get_subject_name(request.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("contact"), -1, -1, 0);
  REQUIRE(X509_REQ_set_pubkey(request.get(), key) == 1);
  const bool digestless = EVP_PKEY_get_base_id(signer) == EVP_PKEY_ED25519;
  REQUIRE(X509_REQ_sign(request.get(), signer, digestless ? nullptr : EVP_sha256()) > 0);
  BioPtr out(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_X509_REQ(out.get(), request.get()) == 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string refusal(const std::string& pem) {
  auto key = public_key_from_csr(pem);
  REQUIRE_FALSE(key.has_value());
  CHECK(key.error().code == ErrorCode::kInvalidArgument);
  return key.error().message;
}

// An 8192-bit RSA CSR (openssl req -new -newkey rsa:8192, made once: its key
// takes seconds to generate).
const char* const kRsa8192Csr = R"(
-----BEGIN CERTIFICATE REQUEST-----
MIIIWTCCBEECAQAwFDESMBAGA1UEAwwJdG9vIGxhcmdlMIIEIjANBgkqhkiG9w0B
AQEFAAOCBA8AMIIECgKCBAEApeIq0mTWZLg9SVrEWv5XH5LVBPEE9kPYJG5wBCnZ
i+38LPDR2KokVO0Gl41mWpRqDK8S+YKg2BOti+nIDC+SUk+fJwH2SxTPIZn4AB7n
QjcvTGr0FlMYx1bumw1IDX0jufET06I8zerr6miWCgCdQDSDgVbDRytI8GkRSOJW
OukC9GYe64CJ8JCedXXL24KtZpQ4q8Ms2Csv3I21C1dVd6YOIQG1x3mcW902i/u9
eGA18WoVfL4art+NFpbhLLTBRdO4eaK1dDDA8CdlBzeUaQZO5tRqx/ENlM47hmrk
t5xKCGXSv76ZEE/VMCgejPFIX1/UIDbksH0Qj8cnCnz61kY1L6zFPHR7RyaXbCoo
LHMA/5dzgJ7t0ZMuM/hWatyw4Cq9/CapNm6RucL+QWuiWxHGBrofnwF3PAcAvtw+
+nF4EZ8LrAlSCV9opglIakFy+B3x9Io7Sh5ZK1R2Z0GHCUaVtujSNXZ4vO8YufjG
J59RbX5pC9EVVkpzkjM9VVgfwqzK0Mka+7iV2ZhA37du5HOJZbL6vQqFklgnzC2H
TrOrvCdL+JtqsH6LgILfypXUOkBTJlSnYjQrt9cyChUdOANf+w7I6NjlH7LJThVc
/nB8GLbc46TbfPJNAsJt+8e8rT7x2Ikk7I3s8lUbNMDKICirOfWOJuDffjIBmbvd
6D+GxuCUcgvH1wiiN63dpy3oQYTwdxnoJqVY7szISPerqmcQmVgoXjLgM7YDgi1I
LqzLWotJGBzbyAnul3Hxv2+WKDM9ZHEeuJtld2O+wLnGl+8UtuN8dgVvGUJ2x0fC
7KxCTPrHyQGp475muHUUF7x0ORuA3sqBTc6Z6LFHjTeVsF2YaslPRL+WiaZw5SiW
ETuXPhhOuIDFjE/OnvQSxpKa4eq6oVMdAprqvkbVuH/aTHx0KwJQ9ayGcgky6Jei
Q1sDoJliFgmg+ojQe75VUpqy9S+smlV+DYdp/JMOl7xtZlkwM/l0fS/qUN2EQETk
oGI7FswxkkJ3pnuhjczlU3Ysht8YZr8jVPKd/2Ey/bkzV6VywUgDeUm52KNPl2jG
dzXVSkjilc2UJBLom6JJV/b58xW7tA5V+Ckr0X4w2IOg408lfw1lHxNqKfooyH31
d0twg25eYX+2dsC7rsF+m0sZ+J3tI/V15kP0GGL/Wd8BTSfj9O9TcNVp+FNUSOWZ
tNTba26MMxkljd5nUe/wLXmgCjAZzWcjV0/xp5NYPYW+lO1PHl0wACuO1z8JO7Xc
qEqIdRuXbc3XgEe/mdnHDmXN1Yy3bd0Ie4iOAX2JovpvBLbxgVpi9kThtUjIUrVT
wNUiLVkDjNmnU03I2JnJsiTliMx5RT7DH4gE0x0Lhp5HCwIDAQABoAAwDQYJKoZI
hvcNAQELBQADggQBAGtvXHr3pGlauwrwCQOnr9Gp2Cp73we3xFmNgwLIh/lZEKY1
25hMqsdbHDm1PfouhNN8MEsaWMO1+GfjuPtgkIdpEyDRXW3eS9saWEiXVG2u8K0x
/919G6KDD86NDEqgeOEdrgSMOXz5F50qqHsLv8sTxhcHKGr9AG6Z56UZcaYPNMuc
vMFHgVyPmCoWux/N/jr9RPRz7/bTuQOnkdg7OPNiCyU1yqIdU08jb+tXz+xhFWeG
XU7SDlZ/PqrheTmyO7chc53RXUGEwAXvmxNyouWl0wGPCJEALTPlm+ak6Tqi9iTs
CAnzoA12aSuZBPdj0uKDzQRz8AD5cWCMBK6sKKtve2HvPEHXBW+dS1/TDg28zRtH
eHj80QJCCNIshaFni51YYveco10Y+GOPr1XW71STT4CmYvZLqwoDy8PBhr9mt3yY
q7o7f87UIZ6B9/X4c6E6d+k3xFiBSxCsp9kZbXQVFpeXkLgt1vVNF6DbSJLMdU6L
HuV4PZKr0TOAqc3kgcAJnsmgS7ChAX94DylDthS3Bcyji8CQ44gWrEdXjM40mOvG
HV0Zxble+GY4abc09cTCXBcrl5VoM7SBAS+u5sqCoryYGOBAEJT/QPKC7cMUrwyH
68nlIfAKdIPnmtdtN76TtZQEUc4PoW2yyaduW8toflwUVi4d3kJd4F57115wpx/6
OXFW34GaErO5DbhfkFSrQFrXZAq3lMwP7GX4l5WvO1VBmGSfGpQaMBl9o5x4XQLk
Wp/Q1bJbWuR5BBowCD/DUe4M/Ms0Tm1Pav7RJ2OyTkcIuyQeeSX2TahyxKWoP6vp
pBjZZOr3GhA24yGQDj1dJBo0ecnMrSR4uI4M2uv7szx88P/dvpTMsraKBrkHzyMo
0aU1bF7wsgi2b5gI+2fO16g9MyxFR6XzXrt31WeVIJmmQjhLQKfIKFMd2DT9E0p5
kSTXB3qhGrS8n3439yNpPxS1QH3/CF8s4yrw9nj8ohQFmk6rIsD3t7rpQMcoOIZ/
SbgcObteCeaWBxu5BMlfq02y3Cq6I8VsGifI76IJJmqAr6mLfh/5PWknoqJIuVnn
Dkxyx8HZyLJEMhNrHjNavfQqNdbrM59XcEKOE1IJI5Y9xG3r+L3GXJSAMG1YkEg4
qqqMe2T0MGBa1z0nVarYgsAvg/EkqyocOY1ikG3POngl7nDSnEVy8NQSB4wBgeSB
nyGmnxNkhsWYtRqIr8/xewDs8t9vII5JdIKQ6ks9Cl0ycxuWWvloHXDr5x/tQ/b3
ZAnhogYcl+8TxymkBaI99EZTE/VXrll8eWQ3Gi8Yk72Y4yktYheWm5V9Bzh7iXdw
WD0mrJPW/ddQIj6+0JOQlLIDpW7dWMa93LpTpf8=
-----END CERTIFICATE REQUEST-----
)";

}  // namespace

TEST_CASE("a CSR's key: RSA 2048 to 4096 bits with a usual exponent, or EC P-256/P-384") {
  for (const unsigned bits : {2048U, 3072U}) {
    auto rsa = rsa_key(bits);
    auto key = public_key_from_csr(csr_of(rsa.get()));
    REQUIRE_MESSAGE(key.has_value(), bits << ": " << key.error().message);
    CHECK(EVP_PKEY_eq(key->get(), rsa.get()) == 1);
  }
  for (const char* curve : {"P-256", "P-384"}) {
    auto ec = ec_key(curve);
    REQUIRE(ec);
    auto key = public_key_from_csr(csr_of(ec.get()));
    REQUIRE_MESSAGE(key.has_value(), curve << ": " << key.error().message);
    CHECK(EVP_PKEY_eq(key->get(), ec.get()) == 1);
  }
}

TEST_CASE("a CSR whose key costs the gateway too much or proves too little is refused") {
  CHECK(refusal(csr_of(rsa_key(1024).get())) == "RSA keys must have 2048 to 4096 bits, not 1024");
  // Too large: refused on its key, before the signature is checked (a byte
  // of the signature changed does not change the answer).
  CHECK(refusal(kRsa8192Csr) == "RSA keys must have 2048 to 4096 bits, not 8192");
  std::string tampered = kRsa8192Csr;
  const auto signature_end = tampered.rfind("\n-----END") - 8;
  tampered[signature_end] = tampered[signature_end] == 'A' ? 'B' : 'A';
  CHECK(refusal(tampered) == "RSA keys must have 2048 to 4096 bits, not 8192");
  CHECK(refusal(csr_of(rsa_key(2048, 3).get())).starts_with("the RSA public exponent must be"));
  auto p521 = ec_key("P-521");
  REQUIRE(p521);
  CHECK(refusal(csr_of(p521.get())) == "EC keys must be on P-256 or P-384");
  EvpPkeyPtr ed25519(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  REQUIRE(ed25519);
  CHECK(refusal(csr_of(ed25519.get())) == "only RSA and EC keys are accepted");
}

TEST_CASE("a CSR that is no PEM request or whose signature does not verify is refused") {
  CHECK(refusal("not a CSR") == "the CSR is not a PEM certificate request");
  // Signed by another key than the one it carries.
  auto carried = ec_key("P-256");
  auto signer = ec_key("P-256");
  CHECK(refusal(csr_of(carried.get(), signer.get())) == "the CSR's signature does not verify");
}
