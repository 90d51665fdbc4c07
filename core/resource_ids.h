#pragma once
// The prefixes of AWS resource ids (i-0123…, vol-…, tgw-attach-…): the drafting check looks
// for a resource id in a draft, the analytics mask hides them in stored queries.
#include <array>
#include <string_view>

namespace sasae {

inline constexpr std::array<std::string_view, 24> kResourceIdPrefixes = {
    "i-", "vol-", "vpc-", "subnet-", "sg-", "eni-", "igw-", "nat-", "rtb-", "tgw-", "tgw-attach-", "vgw-",
    "cgw-", "vpn-", "dxcon-", "dxvif-", "ami-", "snap-", "lt-", "eipalloc-", "pcx-", "vpce-", "acl-", "db-"};

}  // namespace sasae
