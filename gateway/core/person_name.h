// A person's name as two records of the same person compare: the operator
// console's four eyes need "another operator", and an operator may hold
// several certificates, issued under names typed by hand.
#pragma once

#include <string>
#include <string_view>

namespace gw {

// Lower case (ASCII and the Latvian letters with diacritics), runs of white
// space as one space, none at either end: "  Anna  KALNIŅA " and
// "anna kalniņa" are the same name. Other bytes are kept as they are.
std::string comparable_name(std::string_view name);

}  // namespace gw
