#include "pki/signature_verifier.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <vector>

#include "pki/certificate_info.h"
#include "pki/pem.h"
#include "policy/personal_code.h"

namespace gw::pki {
namespace {

void free_certificate_stack(STACK_OF(X509) * stack) { sk_X509_pop_free(stack, X509_free); }
void free_crl_stack(STACK_OF(X509_CRL) * stack) { sk_X509_CRL_pop_free(stack, X509_CRL_free); }
void free_info_stack(STACK_OF(X509_INFO) * stack) { sk_X509_INFO_pop_free(stack, X509_INFO_free); }
using X509StackPtr = std::unique_ptr<STACK_OF(X509), OpenSslDeleter<free_certificate_stack>>;
using X509InfoStackPtr = std::unique_ptr<STACK_OF(X509_INFO), OpenSslDeleter<free_info_stack>>;

// A refusal leaves nothing in OpenSSL's thread-local error queue for the next
// caller on this thread to mistake for its own.
struct ClearOpenSslErrors {
  ClearOpenSslErrors() = default;
  ClearOpenSslErrors(const ClearOpenSslErrors&) = delete;
  ClearOpenSslErrors& operator=(const ClearOpenSslErrors&) = delete;
  ~ClearOpenSslErrors() { ERR_clear_error(); }
};

tl::unexpected<SignatureRefusal> refuse(SignatureProblem problem, std::string text) {
  return tl::unexpected(SignatureRefusal{problem, std::move(text)});
}

BioPtr memory_bio(std::string_view bytes) {
  return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

bool looks_like_pem(std::string_view bytes) {
  const auto start = bytes.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && bytes.substr(start).starts_with("-----BEGIN ");
}

// DER, or PEM with the label CMS or PKCS7 (OpenSSL reads either as CMS).
CmsContentInfoPtr read_cms(std::string_view bytes) {
  BioPtr bio = memory_bio(bytes);
  if (!bio) return nullptr;
  if (looks_like_pem(bytes)) {
    return CmsContentInfoPtr(PEM_read_bio_CMS(bio.get(), nullptr, nullptr, nullptr));
  }
  return CmsContentInfoPtr(d2i_CMS_bio(bio.get(), nullptr));
}

std::string utc_text(std::chrono::system_clock::time_point at) {
  const std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string read_text_file(const std::filesystem::path& path, Error& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = Error{ErrorCode::kIo, fmt::format("cannot read {}", path.string())};
    return {};
  }
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (text.size() > INT_MAX) {
    error = Error{ErrorCode::kConfig, fmt::format("{} is too big", path.string())};
    return {};
  }
  return text;
}

using CrlStack = std::shared_ptr<STACK_OF(X509_CRL)>;

// Every CRL of a PEM file; an Error when there is none or the file is not PEM.
Result<CrlStack> read_crls(const std::filesystem::path& path) {
  Error error{ErrorCode::kIo, ""};
  const std::string text = read_text_file(path, error);
  if (!error.message.empty()) return tl::unexpected(error);
  BioPtr bio = memory_bio(text);
  X509InfoStackPtr items(PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr));
  if (!items) {
    ERR_clear_error();
    return fail(ErrorCode::kConfig, fmt::format("{} is not a PEM file of CRLs", path.string()));
  }
  CrlStack crls(sk_X509_CRL_new_null(), free_crl_stack);
  if (!crls) return tl::unexpected(openssl_error("CRL stack"));
  for (int i = 0; i < sk_X509_INFO_num(items.get()); ++i) {
    X509_CRL* crl = sk_X509_INFO_value(items.get(), i)->crl;
    if (crl == nullptr) continue;
    if (X509_CRL_get0_nextUpdate(crl) == nullptr) {  // RFC 5280 5.1.2.5: current forever, never
      return fail(ErrorCode::kConfig,
                  fmt::format("{}: CRL {} has no nextUpdate; a CRL must say until when it holds",
                              path.string(), i + 1));
    }
    if (sk_X509_CRL_push(crls.get(), crl) <= 0) return tl::unexpected(openssl_error("CRL stack"));
    X509_CRL_up_ref(crl);  // pushed: the stack owns a reference of its own
  }
  if (sk_X509_CRL_num(crls.get()) == 0) {
    return fail(ErrorCode::kConfig, fmt::format("{} holds no PEM CRL", path.string()));
  }
  return crls;
}

bool is_crl_unavailable(int error) {
  switch (error) {
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
    case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
    case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
    case X509_V_ERR_DIFFERENT_CRL_SCOPE:
    case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
      return true;
    default:
      return false;
  }
}

// CRL_CHECK_ALL also asks for the anchor's own status, which needs its
// issuer's CRL: an intermediate trusted as an anchor has none here. The anchor
// is trusted as configured; only the certificates below it must be current.
int ignore_anchor_crl(int ok, X509_STORE_CTX* ctx) {
  if (ok == 1) return ok;
  const STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx);
  const bool at_anchor =
      chain != nullptr && X509_STORE_CTX_get_error_depth(ctx) == sk_X509_num(chain) - 1;
  return at_anchor && is_crl_unavailable(X509_STORE_CTX_get_error(ctx)) ? 1 : 0;
}

// One sentence for why the chain did not verify at `at`, naming the certificate at fault.
std::string chain_refusal_text(X509_STORE_CTX* ctx, const X509* signer,
                               std::chrono::system_clock::time_point at) {
  const int error = X509_STORE_CTX_get_error(ctx);
  const X509* at_fault = X509_STORE_CTX_get_current_cert(ctx);
  if (at_fault == nullptr) at_fault = signer;
  const CertificateInfo info = describe_certificate(at_fault);
  const bool is_signer = X509_cmp(at_fault, signer) == 0;
  const std::string which =
      is_signer ? "The signer's certificate"
                : fmt::format("The certificate '{}' in the signer's chain", info.subject);
  switch (error) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return fmt::format("{} expired at {} (checked at {}); the signer needs {}.", which,
                         info.not_after, utc_text(at),
                         is_signer ? "a new certificate" : "a certificate from a current CA");
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return fmt::format(
          "{} is valid only from {} (checked at {}); check the certificate's dates and the "
          "clocks.",
          which, info.not_before, utc_text(at));
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return fmt::format(
          "{} was issued by '{}', which is not a certificate authority trusted for signing; sign "
          "with a certificate from a trusted CA, or ask the operator to trust that CA.",
          which, info.issuer);
    default:
      return fmt::format(
          "{} could not be verified ({}); sign with a valid certificate from a trusted CA.", which,
          X509_verify_cert_error_string(error));
  }
}

// The personal codes (DDMMYY-NNNNN) in the subject's serialNumber attributes,
// and the first reason a serialNumber that looks like one is not valid.
struct SubjectCodes {
  std::set<std::string> codes;
  std::string invalid;
};

SubjectCodes personal_codes(const X509* cert) {
  static constexpr std::string_view kPrefix = "PNOLV-";
  SubjectCodes out;
  const X509_NAME* name = X509_get_subject_name(cert);
  for (int pos = X509_NAME_get_index_by_NID(name, NID_serialNumber, -1); pos >= 0;
       pos = X509_NAME_get_index_by_NID(name, NID_serialNumber, pos)) {
    unsigned char* utf8 = nullptr;
    const int length =
        ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, pos)));
    if (length < 0) continue;
    std::string value(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    std::string_view code = value;
    const bool prefixed = code.starts_with(kPrefix);
    if (prefixed) code.remove_prefix(kPrefix.size());
    auto normalised = policy::validate_personal_code(code);
    if (normalised) {
      out.codes.insert(*normalised);
    } else if (prefixed && out.invalid.empty()) {
      out.invalid = fmt::format("{} ({})", value, normalised.error().message);
    }
  }
  return out;
}

}  // namespace

class SignatureVerifier::CrlSource {
 public:
  static Result<std::shared_ptr<CrlSource>> open(const std::filesystem::path& path) {
    auto source = std::make_shared<CrlSource>(path);
    std::error_code ec;
    source->stamp_ = stamp_of(path, ec);
    auto crls = read_crls(path);
    if (!crls) return tl::unexpected(crls.error());
    source->crls_ = std::move(*crls);
    return source;
  }

  explicit CrlSource(std::filesystem::path path) : path_(std::move(path)) {}

  // The CRLs in force: read again when the file changed since the last read
  // (parsed outside the lock; a file that cannot be read is not tried again
  // until it changes, and the CRLs read before stay in force).
  CrlStack current() {
    std::error_code ec;
    const Stamp now = stamp_of(path_, ec);
    {
      const std::lock_guard lock(mutex_);
      if (ec || now == stamp_ || now == failed_stamp_) return crls_;
    }
    auto fresh = read_crls(path_);
    const std::lock_guard lock(mutex_);
    if (fresh) {
      crls_ = std::move(*fresh);
      stamp_ = now;
      problem_.clear();
    } else {
      failed_stamp_ = now;
      problem_ = fresh.error().message;
    }
    return crls_;
  }

  // Why the file as it is now could not be read; empty when it could.
  std::string problem() const {
    const std::lock_guard lock(mutex_);
    return problem_;
  }

 private:
  // What tells a new file from the one read: a rename gives another inode,
  // a rewrite in place another modification time or size.
  struct Stamp {
    dev_t device = 0;
    ino_t inode = 0;
    std::int64_t mtime_ns = 0;
    off_t size = 0;
    bool operator==(const Stamp&) const = default;
  };
  static Stamp stamp_of(const std::filesystem::path& path, std::error_code& ec) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      ec = std::error_code(errno, std::generic_category());
      return {};
    }
    return {st.st_dev, st.st_ino,
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
            st.st_size};
  }

  const std::filesystem::path path_;
  mutable std::mutex mutex_;
  Stamp stamp_;
  Stamp failed_stamp_;
  std::string problem_;
  CrlStack crls_;
};

SignatureVerifier::SignatureVerifier(std::shared_ptr<X509_STORE> anchors,
                                     std::shared_ptr<const X509> own_ca,
                                     std::shared_ptr<CrlSource> crls)
    : anchors_(std::move(anchors)), own_ca_(std::move(own_ca)), crls_(std::move(crls)) {}

Result<SignatureVerifier> SignatureVerifier::create(
    const X509* own_ca, const std::optional<std::filesystem::path>& external_bundle,
    const std::optional<std::filesystem::path>& crl_file) {
  std::shared_ptr<X509_STORE> store(X509_STORE_new(), X509_STORE_free);
  X509Ptr own(X509_dup(own_ca));
  if (!store || !own || X509_STORE_add_cert(store.get(), own.get()) != 1) {
    return tl::unexpected(openssl_error("signing trust store"));
  }
  std::shared_ptr<const X509> own_copy(own.release(), X509_free);
  std::shared_ptr<CrlSource> crls;
  if (crl_file) {
    auto source = CrlSource::open(*crl_file);
    if (!source) return tl::unexpected(source.error());
    crls = std::move(*source);
  }
  if (!external_bundle) return SignatureVerifier(std::move(store), own_copy, std::move(crls));

  const std::string where = external_bundle->string();
  Error error{ErrorCode::kIo, ""};
  const std::string text = read_text_file(*external_bundle, error);
  if (!error.message.empty()) return tl::unexpected(error);
  BioPtr bio = memory_bio(text);
  X509InfoStackPtr items(PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr));
  if (!items) {
    ERR_clear_error();
    return fail(ErrorCode::kConfig, fmt::format("{} is not a PEM certificate bundle", where));
  }
  int added = 0;
  for (int i = 0; i < sk_X509_INFO_num(items.get()); ++i) {
    X509* cert = sk_X509_INFO_value(items.get(), i)->x509;
    if (cert == nullptr) continue;
    if (X509_STORE_add_cert(store.get(), cert) != 1) {
      return tl::unexpected(openssl_error(fmt::format("{}: certificate {}", where, i + 1)));
    }
    ++added;
  }
  if (added == 0) {
    return fail(ErrorCode::kConfig, fmt::format("{} holds no PEM certificate", where));
  }
  return SignatureVerifier(std::move(store), own_copy, std::move(crls));
}

std::string SignatureVerifier::crl_problem() const {
  if (!crls_) return {};
  crls_->current();  // reads a changed file now
  return crls_->problem();
}

tl::expected<void, SignatureRefusal> SignatureVerifier::check_revocation(
    X509_STORE_CTX* verified, X509* signer, STACK_OF(X509) * bundled,
    std::chrono::system_clock::time_point at) const {
  const STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(verified);
  const X509* anchor = sk_X509_value(chain, sk_X509_num(chain) - 1);
  if (!crls_ || X509_cmp(anchor, own_ca_.get()) == 0) return {};  // own CA: the registry
  const CrlStack crls = crls_->current();
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), anchors_.get(), signer, bundled) != 1) {
    return refuse(SignatureProblem::kRevocationUnknown,
                  "The signer's certificate could not be checked for revocation; try again, and "
                  "report it to the operator if it persists.");
  }
  X509_STORE_CTX_set0_crls(ctx.get(), crls.get());
  X509_STORE_CTX_set_verify_cb(ctx.get(), ignore_anchor_crl);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(at));
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY);
  X509_VERIFY_PARAM_set_flags(
      param, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
  if (X509_verify_cert(ctx.get()) == 1) return {};

  const int error = X509_STORE_CTX_get_error(ctx.get());
  const X509* at_fault = X509_STORE_CTX_get_current_cert(ctx.get());
  if (at_fault == nullptr) at_fault = signer;
  const CertificateInfo info = describe_certificate(at_fault);
  const std::string which =
      X509_cmp(at_fault, signer) == 0
          ? std::string("The signer's certificate")
          : fmt::format("The certificate '{}' in the signer's chain", info.subject);
  if (error == X509_V_ERR_CERT_REVOKED) {
    return refuse(SignatureProblem::kRevoked,
                  fmt::format("{} is revoked: its CA '{}' lists serial {} in its CRL; the signer "
                              "needs a new certificate.",
                              which, info.issuer, info.serial));
  }
  const std::string problem = crls_->problem();
  return refuse(
      SignatureProblem::kRevocationUnknown,
      fmt::format("{} cannot be checked for revocation at {}: {} for its CA '{}'. Try again "
                  "later; the operator must keep the CA's current CRL in "
                  "authorisation.signing_crl_file{}.",
                  which, utc_text(at), X509_verify_cert_error_string(error), info.issuer,
                  problem.empty() ? "" : " (the file as it is now cannot be read)"));
}

tl::expected<SignerCertificate, SignatureRefusal> SignatureVerifier::verify(
    std::string_view cms, std::string_view content,
    std::chrono::system_clock::time_point at) const {
  const ClearOpenSslErrors clear_errors;
  if (cms.size() > INT_MAX || content.size() > INT_MAX) {
    return refuse(SignatureProblem::kUnreadable,
                  "The signature or the signed statement is too large to be genuine; sign the "
                  "statement again.");
  }
  CmsContentInfoPtr signed_data = read_cms(cms);
  if (!signed_data || OBJ_obj2nid(CMS_get0_type(signed_data.get())) != NID_pkcs7_signed) {
    return refuse(SignatureProblem::kUnreadable,
                  "The signature file is not a CMS signature (DER or PEM); create it with "
                  "'openssl cms -sign -binary -outform DER' over the statement.");
  }
  if (CMS_is_detached(signed_data.get()) != 1) {
    return refuse(SignatureProblem::kNotDetached,
                  "The signature embeds the signed content instead of being detached; sign "
                  "again without -nodetach.");
  }
  STACK_OF(CMS_SignerInfo)* signer_infos = CMS_get0_SignerInfos(signed_data.get());
  const int signer_count = signer_infos != nullptr ? sk_CMS_SignerInfo_num(signer_infos) : 0;
  if (signer_count != 1) {
    return refuse(SignatureProblem::kSignerCount,
                  fmt::format("The signature has {} signers instead of exactly one; each person "
                              "signs the statement separately.",
                              signer_count));
  }
  CMS_SignerInfo* signer_info = sk_CMS_SignerInfo_value(signer_infos, 0);
  X509* signer = nullptr;
  if (CMS_set1_signers_certs(signed_data.get(), nullptr, 0) >= 0) {
    CMS_SignerInfo_get0_algs(signer_info, nullptr, &signer, nullptr, nullptr);
  }
  if (signer == nullptr) {
    return refuse(SignatureProblem::kUnreadable,
                  "The signature does not include the signer's certificate; sign again without "
                  "-nocerts.");
  }

  // The chain is checked below with our own time and purpose: CMS_verify's
  // own check would apply the S/MIME purpose and the current time.
  BioPtr content_bio = memory_bio(content);
  if (!content_bio || CMS_verify(signed_data.get(), nullptr, nullptr, content_bio.get(), nullptr,
                                 CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
    return refuse(SignatureProblem::kBadSignature,
                  "The signature does not match the statement; sign exactly the statement text, "
                  "unchanged, with 'openssl cms -sign -binary'.");
  }

  X509StackPtr bundled(CMS_get1_certs(signed_data.get()));
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), anchors_.get(), signer, bundled.get()) != 1) {
    return refuse(SignatureProblem::kUntrusted,
                  "The signer's certificate could not be checked; try again, and report it to "
                  "the operator if it persists.");
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(at));
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY);
  // Every anchor counts as trusted, an intermediate of the bundle too.
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  if (X509_verify_cert(ctx.get()) != 1) {
    return refuse(SignatureProblem::kUntrusted, chain_refusal_text(ctx.get(), signer, at));
  }
  if (auto revoked = check_revocation(ctx.get(), signer, bundled.get(), at); !revoked) {
    return tl::unexpected(revoked.error());
  }

  if ((X509_get_extension_flags(signer) & EXFLAG_KUSAGE) != 0 &&
      (X509_get_key_usage(signer) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
    return refuse(SignatureProblem::kKeyUsage,
                  "The signer's certificate is not meant for signatures (its key usage has "
                  "neither digitalSignature nor nonRepudiation); sign with a personal signing "
                  "certificate.");
  }

  const SubjectCodes codes = personal_codes(signer);
  if (codes.codes.size() != 1) {
    std::string text;
    if (codes.codes.size() > 1) {
      text =
          "The signer's certificate names more than one personal code, so it does not "
          "identify one person; sign with a personal signing certificate.";
    } else if (!codes.invalid.empty()) {
      text = fmt::format(
          "The personal code in the signer's certificate is not valid: {}; sign "
          "with a certificate that carries a valid one.",
          codes.invalid);
    } else {
      text = fmt::format(
          "The signer's certificate ('{}') carries no Latvian personal code "
          "(serialNumber PNOLV-DDMMYY-NNNNN); sign with a personal signing "
          "certificate.",
          describe_certificate(signer).subject);
    }
    return refuse(SignatureProblem::kNoPersonalCode, std::move(text));
  }

  const CertificateInfo info = describe_certificate(signer);
  return SignerCertificate{info.subject,
                           info.issuer,
                           info.serial,
                           info.fingerprint_sha256,
                           *codes.codes.begin(),
                           info.not_after,
                           certificate_pem(signer)};
}

}  // namespace gw::pki
