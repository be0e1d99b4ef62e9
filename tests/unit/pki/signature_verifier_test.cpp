#include "pki/signature_verifier.h"

#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "pki/certificate_info.h"
#include "pki/development_pki.h"
#include "pki/pem.h"
#include "pki/signer_certificate.h"
#include "support/process.h"
#include "support/signing.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::pki;
using namespace gw::test;
using std::chrono::system_clock;

namespace doctest {
template <>
struct StringMaker<SignatureProblem> {
  static String convert(SignatureProblem p) {
    static const char* const kNames[] = {"kUnreadable",     "kNotDetached", "kSignerCount",
                                         "kBadSignature",   "kUntrusted",   "kKeyUsage",
                                         "kNoPersonalCode", "kRevoked",     "kRevocationUnknown"};
    return kNames[static_cast<int>(p)];
  }
};
}  // namespace doctest

namespace {

// A canonical statement as a signer sees it: UTF-8, LF line ends.
constexpr std::string_view kStatement =
    "Maksājumu fails / payment file\nMsgId: SIGN-0001\nSHA-256: "
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\nSigner level: 1\n";
constexpr const char* kAnnaCode = "010180-12347";  // valid check digit

SignatureVerifier trusting(const CertificateAuthority& ca,
                           const std::optional<std::filesystem::path>& bundle = std::nullopt) {
  auto verifier = SignatureVerifier::create(ca.certificate(), bundle);
  REQUIRE_MESSAGE(verifier.has_value(), verifier.error().message);
  return std::move(*verifier);
}

// The gateway's own CA and a verifier that trusts it (and nothing else).
struct OwnCa {
  TempDir dir{"gw-sign"};
  CertificateAuthority ca = make_ca(dir.path(), "own-ca", "Treasury Signing Test CA");
  SignatureVerifier verifier = trusting(ca);
};

// The refusal of a verification that must fail; its text is a sentence.
SignatureRefusal refusal(const tl::expected<SignerCertificate, SignatureRefusal>& result) {
  REQUIRE_FALSE(result.has_value());
  CHECK_FALSE(result.error().text.empty());
  CHECK(result.error().text.back() == '.');
  return result.error();
}

CertificateInfo info_of(const TestSigner& signer) {
  auto cert = parse_certificate(signer.cert_pem);
  REQUIRE(cert.has_value());
  return describe_certificate(cert->get());
}

void write(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string utf8_entry(const X509* cert, int nid) {
  const X509_NAME* name = X509_get_subject_name(cert);
  const int pos = X509_NAME_get_index_by_NID(name, nid, -1);
  REQUIRE(pos >= 0);
  unsigned char* utf8 = nullptr;
  const int length =
      ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, pos)));
  REQUIRE(length >= 0);
  std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return out;
}

// A signer certificate whose subject is `subject` (personal-signing profile).
TestSigner signer_with_subject(const CertificateAuthority& ca, std::vector<NameEntry> subject) {
  const auto now = system_clock::now();
  return make_certificate(ca, {CertificateProfile::kPersonalSigning,
                               std::move(subject),
                               {},
                               {},
                               now - std::chrono::hours(1),
                               now + std::chrono::days(30)});
}

}  // namespace

TEST_CASE("a detached CMS as openssl cms -sign -binary makes it verifies and names the signer") {
  OwnCa own;
  const TestSigner anna = make_signer(own.ca, "Anna Bērziņa", kAnnaCode);
  const std::string cms = sign_detached(anna, kStatement);

  auto signer = own.verifier.verify(cms, kStatement, system_clock::now());
  REQUIRE_MESSAGE(signer.has_value(), signer.error().text);
  const CertificateInfo expected = info_of(anna);
  CHECK(signer->personal_code == kAnnaCode);
  CHECK(signer->serial == expected.serial);
  CHECK(signer->fingerprint_sha256 == expected.fingerprint_sha256);
  CHECK(signer->fingerprint_sha256.size() == 64);
  CHECK(signer->subject == expected.subject);
  CHECK(signer->subject.find("serialNumber=PNOLV-010180-12347") != std::string::npos);
  CHECK(signer->issuer == "CN=Treasury Signing Test CA,C=LV");
  CHECK(signer->not_after == expected.not_after);
  CHECK(signer->certificate_pem == anna.cert_pem);
}

TEST_CASE("a signature is read as DER and as PEM labelled CMS or PKCS7") {
  OwnCa own;
  const TestSigner anna = make_signer(own.ca, "Anna Bērziņa", kAnnaCode);
  const std::string der = sign_detached(anna, kStatement);
  const std::string pem = cms_pem(der);
  REQUIRE(pem.starts_with("-----BEGIN CMS-----\n"));
  std::string pkcs7 = pem;
  pkcs7.replace(pkcs7.find("BEGIN CMS"), 9, "BEGIN PKCS7");
  pkcs7.replace(pkcs7.find("END CMS"), 7, "END PKCS7");

  const auto at = system_clock::now();
  for (const std::string& form : {der, pem, pkcs7, "\r\n" + pem}) {
    auto signer = own.verifier.verify(form, kStatement, at);
    REQUIRE_MESSAGE(signer.has_value(), signer.error().text);
    CHECK(signer->personal_code == kAnnaCode);
  }
}

TEST_CASE("a signature over other bytes than the statement is kBadSignature") {
  OwnCa own;
  const TestSigner anna = make_signer(own.ca, "Anna Bērziņa", kAnnaCode);
  const std::string cms = sign_detached(anna, kStatement);
  const auto at = system_clock::now();

  std::string changed(kStatement);
  changed[changed.find("0001")] = '2';
  CHECK(refusal(own.verifier.verify(cms, changed, at)).problem == SignatureProblem::kBadSignature);

  // No MIME canonicalisation: the same text with CRLF line ends is other bytes.
  std::string crlf;
  for (const char c : kStatement) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(refusal(own.verifier.verify(cms, crlf, at)).problem == SignatureProblem::kBadSignature);
  CHECK(refusal(own.verifier.verify(cms, "", at)).problem == SignatureProblem::kBadSignature);

  // A signature over the CRLF form does not verify the LF form either.
  CHECK(refusal(own.verifier.verify(sign_detached(anna, crlf), kStatement, at)).problem ==
        SignatureProblem::kBadSignature);
}

TEST_CASE("a signer whose certificate comes from a CA not trusted for signing is kUntrusted") {
  OwnCa own;
  const CertificateAuthority stranger = make_ca(own.dir.path(), "stranger", "Stranger CA");
  const TestSigner anna = make_signer(stranger, "Anna Bērziņa", kAnnaCode);

  const auto refused = refusal(
      own.verifier.verify(sign_detached(anna, kStatement), kStatement, system_clock::now()));
  CHECK(refused.problem == SignatureProblem::kUntrusted);
  CHECK(refused.text.find("CN=Stranger CA") != std::string::npos);
  CHECK(refused.text.find("not a certificate authority trusted for signing") != std::string::npos);
}

TEST_CASE("a signer certificate not valid at the signing time is kUntrusted") {
  OwnCa own;
  const TestSigner anna = make_signer(own.ca, "Anna Bērziņa", kAnnaCode);  // now-1h .. now+30d
  const std::string cms = sign_detached(anna, kStatement);
  const auto now = system_clock::now();

  const auto expired = refusal(own.verifier.verify(cms, kStatement, now + std::chrono::days(31)));
  CHECK(expired.problem == SignatureProblem::kUntrusted);
  CHECK(expired.text.find("The signer's certificate expired at") == 0);

  const auto early = refusal(own.verifier.verify(cms, kStatement, now - std::chrono::days(1)));
  CHECK(early.problem == SignatureProblem::kUntrusted);
  CHECK(early.text.find("valid only from") != std::string::npos);

  CHECK(own.verifier.verify(cms, kStatement, now + std::chrono::days(29)).has_value());
}

TEST_CASE("the gateway's technical client certificate passes key usage but is kNoPersonalCode") {
  OwnCa own;
  auto key = generate_key();
  REQUIRE(key.has_value());
  const auto now = system_clock::now();
  auto cert = issue_client_certificate_for_key(own.ca, {1042, "Parauga pašvaldība", "90000000001"},
                                               key->get(), now - std::chrono::hours(1),
                                               now + std::chrono::days(30));
  REQUIRE(cert.has_value());
  // kClient has keyUsage digitalSignature: the key usage check passes, the code check fails.
  REQUIRE((X509_get_key_usage(cert->get()) & KU_DIGITAL_SIGNATURE) != 0);
  const TestSigner client{certificate_pem(cert->get()), private_key_pem(key->get())};

  const auto refused =
      refusal(own.verifier.verify(sign_detached(client, kStatement), kStatement, now));
  CHECK(refused.problem == SignatureProblem::kNoPersonalCode);
  CHECK(refused.text.find("CN=user-1042") != std::string::npos);
}

TEST_CASE("a certificate whose key usage is not for signatures is kKeyUsage (the CA's own)") {
  OwnCa own;
  // Trusted (it is the anchor itself) and valid, but keyUsage keyCertSign, cRLSign.
  const TestSigner ca_key = ca_as_signer(own.dir.path(), "own-ca");
  const auto refused = refusal(
      own.verifier.verify(sign_detached(ca_key, kStatement), kStatement, system_clock::now()));
  CHECK(refused.problem == SignatureProblem::kKeyUsage);
}

TEST_CASE("a CMS that embeds the statement is kNotDetached") {
  OwnCa own;
  const TestSigner anna = make_signer(own.ca, "Anna Bērziņa", kAnnaCode);
  const std::string embedded =
      sign_cms({anna}, kStatement, {.detached = false, .extra_certs_pem = {}});
  CHECK(refusal(own.verifier.verify(embedded, kStatement, system_clock::now())).problem ==
        SignatureProblem::kNotDetached);
}

TEST_CASE("a CMS with two signers, or none, is kSignerCount") {
  OwnCa own;
  const TestSigner anna = make_signer(own.ca, "Anna Bērziņa", kAnnaCode);
  const TestSigner janis = make_signer(own.ca, "Jānis Kalniņš", "150575-11234");
  const auto at = system_clock::now();

  const auto two =
      refusal(own.verifier.verify(sign_cms({anna, janis}, kStatement), kStatement, at));
  CHECK(two.problem == SignatureProblem::kSignerCount);
  CHECK(two.text.find("2 signers") != std::string::npos);
  // Each of them alone is fine.
  CHECK(own.verifier.verify(sign_cms({janis}, kStatement), kStatement, at)->personal_code ==
        "150575-11234");

  // A SignedData without a SignerInfo: certificates only, nothing signed.
  CmsContentInfoPtr none(
      CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_DETACHED | CMS_BINARY | CMS_PARTIAL));
  REQUIRE(none != nullptr);
  auto anna_cert = parse_certificate(anna.cert_pem);
  REQUIRE(anna_cert.has_value());
  REQUIRE(CMS_add1_cert(none.get(), anna_cert->get()) == 1);
  unsigned char* der = nullptr;
  const int length = i2d_CMS_ContentInfo(none.get(), &der);
  REQUIRE(length > 0);
  const std::string certs_only(reinterpret_cast<const char*>(der),
                               static_cast<std::size_t>(length));
  OPENSSL_free(der);
  CHECK(refusal(own.verifier.verify(certs_only, kStatement, at)).problem ==
        SignatureProblem::kSignerCount);
}

TEST_CASE("what is not a signed CMS with the signer's certificate is kUnreadable") {
  OwnCa own;
  const TestSigner anna = make_signer(own.ca, "Anna Bērziņa", kAnnaCode);
  const auto at = system_clock::now();
  const std::string der = sign_detached(anna, kStatement);

  for (const std::string& garbage :
       {std::string(), std::string("not a signature"), std::string("\x30\x03\x02\x01\x01", 5),
        der.substr(0, der.size() / 2), anna.cert_pem, std::string("-----BEGIN CMS-----\n!!\n")}) {
    CAPTURE(garbage);
    CHECK(refusal(own.verifier.verify(garbage, kStatement, at)).problem ==
          SignatureProblem::kUnreadable);
  }

  SUBCASE("a signature without the signer's certificate (-nocerts)") {
    auto cert = parse_certificate(anna.cert_pem);
    REQUIRE(cert.has_value());
    BioPtr key_bio(BIO_new_mem_buf(anna.key_pem.data(), static_cast<int>(anna.key_pem.size())));
    EvpPkeyPtr key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
    BioPtr in(BIO_new_mem_buf(kStatement.data(), static_cast<int>(kStatement.size())));
    CmsContentInfoPtr cms(CMS_sign(cert->get(), key.get(), nullptr, in.get(),
                                   CMS_DETACHED | CMS_BINARY | CMS_NOCERTS));
    REQUIRE(cms != nullptr);
    BioPtr out(BIO_new(BIO_s_mem()));
    REQUIRE(i2d_CMS_bio(out.get(), cms.get()) == 1);
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    const auto refused = refusal(
        own.verifier.verify(std::string(data, static_cast<std::size_t>(size)), kStatement, at));
    CHECK(refused.problem == SignatureProblem::kUnreadable);
    CHECK(refused.text.find("-nocerts") != std::string::npos);
  }
}

TEST_CASE("the personal code is read from serialNumber as PNOLV-DDMMYY-NNNNN or DDMMYY-NNNNN") {
  OwnCa own;
  const auto at = system_clock::now();
  const auto verify = [&](const TestSigner& s) {
    return own.verifier.verify(sign_detached(s, kStatement), kStatement, at);
  };

  auto bare = verify(signer_with_subject(
      own.ca, {{"C", "LV"}, {"CN", "Anna Bērziņa"}, {"serialNumber", "010180-12347"}}));
  REQUIRE_MESSAGE(bare.has_value(), bare.error().text);
  CHECK(bare->personal_code == kAnnaCode);

  auto new_format = verify(signer_with_subject(
      own.ca, {{"C", "LV"}, {"CN", "Jauna Persona"}, {"serialNumber", "PNOLV-329999-12345"}}));
  REQUIRE_MESSAGE(new_format.has_value(), new_format.error().text);
  CHECK(new_format->personal_code == "329999-12345");

  const auto bad_check_digit = refusal(verify(signer_with_subject(
      own.ca, {{"C", "LV"}, {"CN", "Anna Bērziņa"}, {"serialNumber", "PNOLV-010180-12345"}})));
  CHECK(bad_check_digit.problem == SignatureProblem::kNoPersonalCode);
  CHECK(bad_check_digit.text.find("PNOLV-010180-12345") != std::string::npos);

  // Another kind of ETSI identifier (a passport number) is no personal code.
  CHECK(refusal(verify(signer_with_subject(
                    own.ca,
                    {{"C", "LV"}, {"CN", "Anna Bērziņa"}, {"serialNumber", "PASLV-LV1234567"}})))
            .problem == SignatureProblem::kNoPersonalCode);

  // Two different codes do not name one person.
  CHECK(refusal(verify(signer_with_subject(own.ca, {{"C", "LV"},
                                                    {"CN", "Anna Bērziņa"},
                                                    {"serialNumber", "PNOLV-010180-12347"},
                                                    {"serialNumber", "PNOLV-150575-11234"}})))
            .problem == SignatureProblem::kNoPersonalCode);
}

TEST_CASE("an external CA bundle is trusted, with intermediates carried in the CMS") {
  OwnCa own;
  const auto& dir = own.dir.path();
  const CertificateAuthority root = make_ca(dir, "eid-root", "National eID Root", -1);
  const CertificateAuthority issuing =
      make_intermediate_ca(root, dir, "eid-issuing", "eID Issuing");
  const TestSigner anna = make_signer(issuing, "Anna Bērziņa", kAnnaCode);
  const std::string intermediate_pem = certificate_pem(issuing.certificate());
  const std::string with_chain =
      sign_cms({anna}, kStatement, {.detached = true, .extra_certs_pem = {intermediate_pem}});
  const std::string without_chain = sign_detached(anna, kStatement);
  const auto at = system_clock::now();

  // A bundle of the root (and an unrelated certificate before it).
  write(dir / "bundle.pem",
        certificate_pem(own.ca.certificate()) + certificate_pem(root.certificate()));
  const SignatureVerifier with_bundle = trusting(own.ca, dir / "bundle.pem");
  auto signer = with_bundle.verify(with_chain, kStatement, at);
  REQUIRE_MESSAGE(signer.has_value(), signer.error().text);
  CHECK(signer->personal_code == kAnnaCode);
  CHECK(signer->issuer == "CN=eID Issuing,C=LV");

  // Without the intermediate there is no chain to the root.
  CHECK(refusal(with_bundle.verify(without_chain, kStatement, at)).problem ==
        SignatureProblem::kUntrusted);
  // The own CA alone does not trust the eID chain.
  CHECK(refusal(own.verifier.verify(with_chain, kStatement, at)).problem ==
        SignatureProblem::kUntrusted);

  // An intermediate in the bundle is an anchor by itself.
  write(dir / "issuing.pem", intermediate_pem);
  auto anchored = trusting(own.ca, dir / "issuing.pem").verify(without_chain, kStatement, at);
  REQUIRE_MESSAGE(anchored.has_value(), anchored.error().text);
  CHECK(anchored->personal_code == kAnnaCode);

  // The own CA stays trusted beside the bundle.
  const TestSigner janis = make_signer(own.ca, "Jānis Kalniņš", "150575-11234");
  CHECK(with_bundle.verify(sign_detached(janis, kStatement), kStatement, at).has_value());
}

TEST_CASE("a missing, empty or unreadable external bundle is an error") {
  OwnCa own;
  const auto& dir = own.dir.path();
  auto missing = SignatureVerifier::create(own.ca.certificate(), dir / "missing.pem");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::kIo);

  write(dir / "empty.pem", "");
  write(dir / "text.pem", "these are not certificates\n");
  std::string broken = certificate_pem(own.ca.certificate());
  broken.replace(broken.size() / 2, 8, "@@@@@@@@");
  write(dir / "broken.pem", broken);
  for (const char* name : {"empty.pem", "text.pem", "broken.pem"}) {
    CAPTURE(name);
    auto refused = SignatureVerifier::create(own.ca.certificate(), dir / name);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == ErrorCode::kConfig);
    CHECK(refused.error().message.find(name) != std::string::npos);
  }
}

TEST_CASE("one verifier serves several threads at once") {
  OwnCa own;
  const TestSigner anna = make_signer(own.ca, "Anna Bērziņa", kAnnaCode);
  const CertificateAuthority stranger = make_ca(own.dir.path(), "stranger", "Stranger CA");
  const TestSigner other = make_signer(stranger, "Anna Bērziņa", kAnnaCode);
  const std::string good = sign_detached(anna, kStatement);
  const std::string untrusted = sign_detached(other, kStatement);
  const auto at = system_clock::now();

  std::atomic<int> verified{0};
  std::atomic<int> refused_untrusted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto ok = own.verifier.verify(good, kStatement, at);
        if (ok && ok->personal_code == kAnnaCode) ++verified;
        auto no = own.verifier.verify(untrusted, kStatement, at);
        if (!no && no.error().problem == SignatureProblem::kUntrusted) ++refused_untrusted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(verified == 100);
  CHECK(refused_untrusted == 100);
}

TEST_CASE("a personal signing certificate: C=LV, CN, serialNumber=PNOLV-, signing key usage") {
  OwnCa own;
  auto key = generate_key();
  REQUIRE(key.has_value());
  const auto now = system_clock::now();
  const auto later = now + std::chrono::days(1095);

  auto cert =
      issue_signer_certificate(own.ca, "Anna Bērziņa", "01018012347", key->get(), now, later);
  REQUIRE_MESSAGE(cert.has_value(), cert.error().message);
  X509* x = cert->get();
  CHECK(utf8_entry(x, NID_countryName) == "LV");
  CHECK(utf8_entry(x, NID_commonName) == "Anna Bērziņa");
  CHECK(utf8_entry(x, NID_serialNumber) == "PNOLV-010180-12347");  // normalised
  CHECK(X509_check_ca(x) == 0);
  const int bc = X509_get_ext_by_NID(x, NID_basic_constraints, -1);
  REQUIRE(bc >= 0);
  CHECK(X509_EXTENSION_get_critical(X509_get_ext(x, bc)) == 1);
  const int ku = X509_get_ext_by_NID(x, NID_key_usage, -1);
  REQUIRE(ku >= 0);
  CHECK(X509_EXTENSION_get_critical(X509_get_ext(x, ku)) == 1);
  CHECK(X509_get_key_usage(x) == (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION));
  // S/MIME for signatures, and TLS client authentication for the signing portal.
  CHECK(X509_get_extended_key_usage(x) == (XKU_SMIME | XKU_SSL_CLIENT));
  CHECK(X509_check_issued(const_cast<X509*>(own.ca.certificate()), x) == X509_V_OK);

  auto bad_code =
      issue_signer_certificate(own.ca, "Anna Bērziņa", "010180-12345", key->get(), now, later);
  REQUIRE_FALSE(bad_code.has_value());
  CHECK(bad_code.error().code == ErrorCode::kInvalidArgument);
  CHECK_FALSE(issue_signer_certificate(own.ca, " ", kAnnaCode, key->get(), now, later).has_value());
  CHECK_FALSE(
      issue_signer_certificate(own.ca, "\xff\xfe", kAnnaCode, key->get(), now, later).has_value());
  CHECK_FALSE(
      issue_signer_certificate(own.ca, std::string(65, 'A'), kAnnaCode, key->get(), now, later)
          .has_value());
  CHECK(issue_signer_certificate(own.ca, std::string(64, 'A'), kAnnaCode, key->get(), now, later)
            .has_value());
}

TEST_CASE("a signature made by the openssl command-line tool verifies") {
  OwnCa own;
  const TestSigner anna = make_signer(own.ca, "Anna Bērziņa", kAnnaCode);
  const TempDir work("gw-openssl-cms");
  const auto file = [&](const char* name) { return (work.path() / name).string(); };
  write(file("statement.txt"), kStatement);
  write(file("cert.pem"), anna.cert_pem);
  write(file("key.pem"), anna.key_pem);
  const std::vector<std::string> sign = {"openssl",
                                         "cms",
                                         "-sign",
                                         "-in",
                                         file("statement.txt"),
                                         "-signer",
                                         file("cert.pem"),
                                         "-inkey",
                                         file("key.pem"),
                                         "-out",
                                         file("sig")};
  const auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = sign;
    argv.insert(argv.end(), extra.begin(), extra.end());
    const CommandResult r = run_command(argv);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return read_file(file("sig"));
  };
  const auto at = system_clock::now();

  SUBCASE("-binary -outform DER, as signers are told") {
    auto signer = own.verifier.verify(run({"-binary", "-outform", "DER"}), kStatement, at);
    REQUIRE_MESSAGE(signer.has_value(), signer.error().text);
    CHECK(signer->personal_code == kAnnaCode);
    CHECK(signer->serial == info_of(anna).serial);
  }
  SUBCASE("-binary -outform PEM") {
    const std::string pem = run({"-binary", "-outform", "PEM"});
    CHECK(pem.starts_with("-----BEGIN CMS-----"));
    auto signer = own.verifier.verify(pem, kStatement, at);
    REQUIRE_MESSAGE(signer.has_value(), signer.error().text);
    CHECK(signer->personal_code == kAnnaCode);
  }
  SUBCASE("without -binary the text is signed with CRLF line ends: kBadSignature") {
    CHECK(refusal(own.verifier.verify(run({"-outform", "DER"}), kStatement, at)).problem ==
          SignatureProblem::kBadSignature);
  }
  SUBCASE("-nodetach: kNotDetached") {
    CHECK(refusal(
              own.verifier.verify(run({"-binary", "-nodetach", "-outform", "DER"}), kStatement, at))
              .problem == SignatureProblem::kNotDetached);
  }
}

TEST_CASE(
    "pki::sign_detached makes what openssl cms -verify -binary accepts, and only for its content") {
  OwnCa own;
  const TestSigner anna = make_signer(own.ca, "Anna Bērziņa", kAnnaCode);
  const TempDir work("gw-sign-detached");
  const auto file = [&](const char* name) { return (work.path() / name).string(); };
  write(file("statement.txt"), kStatement);
  write(file("other.txt"), std::string(kStatement) + "x");
  write(file("sig.der"), sign_detached(anna, kStatement));  // support calls pki::sign_detached
  std::ofstream(file("ca.pem")) << certificate_pem(own.ca.certificate());
  const auto verify = [&](const char* content) {
    return run_command({"openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                        file("sig.der"), "-content", file(content), "-CAfile", file("ca.pem"),
                        "-purpose", "any", "-out", file("verified.txt")});
  };
  const CommandResult good = verify("statement.txt");
  CHECK_MESSAGE(good.exit_code == 0, good.err);
  CHECK(read_file(file("verified.txt")) == kStatement);
  CHECK(verify("other.txt").exit_code != 0);
}

namespace {

// A PEM CRL of `ca` listing `revoked` (certificates), current from an hour ago until `until`.
std::string crl_of(const CertificateAuthority& ca, const std::vector<const TestSigner*>& revoked,
                   system_clock::time_point until = system_clock::now() + std::chrono::days(1)) {
  std::vector<CertificateAuthority::RevokedEntry> entries;
  for (const TestSigner* signer : revoked) {
    entries.push_back({info_of(*signer).serial, system_clock::now() - std::chrono::minutes(30)});
  }
  auto crl = ca.revocation_list(entries, system_clock::now() - std::chrono::hours(1), until);
  REQUIRE_MESSAGE(crl.has_value(), crl.error().message);
  return *crl;
}

}  // namespace

TEST_CASE("certificates of external signing CAs are checked against the operator's CRL file") {
  OwnCa own;
  const auto& dir = own.dir.path();
  const CertificateAuthority root = make_ca(dir, "eid-root", "National eID Root", -1);
  const CertificateAuthority issuing =
      make_intermediate_ca(root, dir, "eid-issuing", "eID Issuing");
  const TestSigner anna = make_signer(issuing, "Anna Bērziņa", kAnnaCode);
  const TestSigner bob = make_signer(issuing, "Bruno Liepa", "150575-11234");
  const std::string intermediate_pem = certificate_pem(issuing.certificate());
  const auto signed_by = [&](const TestSigner& signer) {
    return sign_cms({signer}, kStatement,
                    {.detached = true, .extra_certs_pem = {intermediate_pem}});
  };
  write(dir / "bundle.pem", certificate_pem(root.certificate()));
  const auto crls = dir / "eid.crl.pem";
  write(crls, crl_of(root, {}) + crl_of(issuing, {&bob}));
  auto created = SignatureVerifier::create(own.ca.certificate(), dir / "bundle.pem", crls);
  REQUIRE_MESSAGE(created.has_value(), created.error().message);
  const SignatureVerifier& verifier = *created;
  const auto at = system_clock::now();

  auto good = verifier.verify(signed_by(anna), kStatement, at);
  REQUIRE_MESSAGE(good.has_value(), good.error().text);
  CHECK(good->personal_code == kAnnaCode);

  const auto revoked = refusal(verifier.verify(signed_by(bob), kStatement, at));
  CHECK(revoked.problem == SignatureProblem::kRevoked);
  CHECK(revoked.text.find(info_of(bob).serial) != std::string::npos);

  // The gateway's own CA is not checked against CRLs (its registry revokes), so none is needed.
  const TestSigner janis = make_signer(own.ca, "Jānis Kalniņš", "150575-11234");
  CHECK(verifier.verify(sign_detached(janis, kStatement), kStatement, at).has_value());

  SUBCASE("no CRL of the issuing CA: fail closed") {
    write(crls, crl_of(root, {}));
    const auto unknown = refusal(verifier.verify(signed_by(anna), kStatement, at));
    CHECK(unknown.problem == SignatureProblem::kRevocationUnknown);
    CHECK(unknown.text.find("eID Issuing") != std::string::npos);
    CHECK(unknown.text.find("signing_crl_file") != std::string::npos);
  }
  SUBCASE("a CRL past its nextUpdate: fail closed") {
    write(crls, crl_of(root, {}) +
                    crl_of(issuing, {&bob}, system_clock::now() - std::chrono::minutes(1)));
    const auto stale = refusal(verifier.verify(signed_by(anna), kStatement, at));
    CHECK(stale.problem == SignatureProblem::kRevocationUnknown);
    CHECK(stale.text.find("CRL has expired") != std::string::npos);
  }
  SUBCASE("a new CRL is read when the file changes; a broken replacement keeps the last one") {
    write(crls, crl_of(root, {}) + crl_of(issuing, {&bob, &anna}));
    CHECK(refusal(verifier.verify(signed_by(anna), kStatement, at)).problem ==
          SignatureProblem::kRevoked);
    write(crls, "-----BEGIN X509 CRL-----\nbroken\n-----END X509 CRL-----\n");
    CHECK(refusal(verifier.verify(signed_by(anna), kStatement, at)).problem ==
          SignatureProblem::kRevoked);
    std::filesystem::remove(crls);
    CHECK(refusal(verifier.verify(signed_by(anna), kStatement, at)).problem ==
          SignatureProblem::kRevoked);
  }
  SUBCASE("an intermediate trusted as the anchor needs only its own CRL") {
    write(dir / "issuing.pem", intermediate_pem);
    write(dir / "issuing.crl.pem", crl_of(issuing, {&bob}));
    auto anchored = SignatureVerifier::create(own.ca.certificate(), dir / "issuing.pem",
                                              dir / "issuing.crl.pem");
    REQUIRE(anchored.has_value());
    auto ok = anchored->verify(sign_detached(anna, kStatement), kStatement, at);
    CHECK_MESSAGE(ok.has_value(), (ok ? std::string() : ok.error().text));
    CHECK(refusal(anchored->verify(sign_detached(bob, kStatement), kStatement, at)).problem ==
          SignatureProblem::kRevoked);
  }
}

TEST_CASE("a missing CRL file, or one without a CRL, is a configuration error") {
  OwnCa own;
  const auto& dir = own.dir.path();
  auto missing = SignatureVerifier::create(own.ca.certificate(), std::nullopt, dir / "none.pem");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::kIo);
  write(dir / "certs-only.pem", certificate_pem(own.ca.certificate()));
  auto no_crl =
      SignatureVerifier::create(own.ca.certificate(), std::nullopt, dir / "certs-only.pem");
  REQUIRE_FALSE(no_crl.has_value());
  CHECK(no_crl.error().message.find("holds no PEM CRL") != std::string::npos);
}
