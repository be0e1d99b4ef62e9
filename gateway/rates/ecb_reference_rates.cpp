#include "rates/ecb_reference_rates.h"

#include <fmt/format.h>

#include <memory>
#include <string>
#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/sax2/XMLReaderFactory.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLUni.hpp>

#include "calendar/riga_time.h"
#include "xml/xml_text.h"

namespace gw::rates {
namespace {

using namespace xercesc;

struct Refused {
  std::string why;
};

class CubeHandler : public DefaultHandler {
 public:
  explicit CubeHandler(std::vector<FxRate>& out) : out_(out) {}

  void startDTD(const XMLCh*, const XMLCh*, const XMLCh*) override {
    throw Refused{"a DOCTYPE is not allowed"};
  }

  void startElement(const XMLCh*, const XMLCh* localname, const XMLCh*,
                    const Attributes& attributes) override {
    if (xml::to_utf8(localname) != "Cube") return;
    if (const XMLCh* time = attributes.getValue(u"time")) {
      date_ = xml::to_utf8(time);
      if (!parse_iso_date(date_)) throw Refused{fmt::format("bad date '{}'", date_)};
      return;
    }
    const XMLCh* currency = attributes.getValue(u"currency");
    const XMLCh* rate = attributes.getValue(u"rate");
    if (currency == nullptr || rate == nullptr) return;
    if (date_.empty()) throw Refused{"a rate appears before any Cube time=\"...\""};
    const std::string code = xml::to_utf8(currency);
    const std::string text = xml::to_utf8(rate);
    const auto value = parse_rate(text);
    if (code.size() != 3 || !value) {
      throw Refused{fmt::format("bad rate '{}' for '{}' on {}", text, code, date_)};
    }
    out_.push_back(FxRate{date_, code, *value});
  }

  void fatalError(const SAXParseException& e) override {
    throw Refused{fmt::format("line {}: {}", e.getLineNumber(), xml::to_utf8(e.getMessage()))};
  }

 private:
  std::vector<FxRate>& out_;
  std::string date_;
};

}  // namespace

Result<std::vector<FxRate>> read_ecb_reference_rates(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    return fail(ErrorCode::kNotFound, fmt::format("{}: no such file", file.string()));
  }
  std::vector<FxRate> rates;
  CubeHandler handler(rates);
  std::unique_ptr<SAX2XMLReader> reader(XMLReaderFactory::createXMLReader());
  reader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  reader->setFeature(XMLUni::fgSAX2CoreValidation, false);
  reader->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  reader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  reader->setContentHandler(&handler);
  reader->setErrorHandler(&handler);
  reader->setLexicalHandler(&handler);
  try {
    const std::string name = file.string();
    TranscodeFromStr wide(reinterpret_cast<const XMLByte*>(name.data()), name.size(), "UTF-8");
    LocalFileInputSource input(wide.str());
    reader->parse(input);
  } catch (const Refused& r) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: not an ECB reference-rate file: {}", file.string(), r.why));
  } catch (const XMLException& e) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: {}", file.string(), xml::to_utf8(e.getMessage())));
  }
  if (rates.empty()) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: no Cube currency/rate entries found", file.string()));
  }
  return rates;
}

}  // namespace gw::rates
