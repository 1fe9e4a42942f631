#include "phonon/support/Rational.h"

#include <gtest/gtest.h>

namespace phonon {
namespace {

TEST(RationalTest, IsAlwaysNormalised) {
  Rational r(6, -8);
  EXPECT_EQ(r.num(), -3);
  EXPECT_EQ(r.den(), 4);
  EXPECT_EQ(Rational(0, 5), Rational(0));
  EXPECT_EQ(Rational(0, 5).den(), 1);
}

TEST(RationalTest, ArithmeticIsExact) {
  Rational third(1, 3);
  EXPECT_EQ(third + third + third, Rational(1));
  EXPECT_EQ(Rational(135) / Rational(60) / Rational(4), Rational(9, 16));
  EXPECT_EQ(Rational(1, 2) - Rational(3, 4), Rational(-1, 4));
  EXPECT_EQ(Rational(2, 3) * Rational(9, 4), Rational(3, 2));
  EXPECT_EQ(-Rational(1, 2), Rational(-1, 2));
  EXPECT_TRUE(Rational(1, 3) < Rational(1, 2));
  EXPECT_TRUE(Rational(-1, 2) < Rational(1, 3));
  EXPECT_EQ(Rational(7, 2).toString(), "7/2");
  EXPECT_EQ(Rational(4).toString(), "4");
}

TEST(RationalTest, OverflowIsAnErrorNeverAWrongAnswer) {
  Rational big(INT64_MAX / 2 + 1);
  EXPECT_THROW(big + big, RationalOverflow);
  EXPECT_THROW(big * Rational(3), RationalOverflow);
  EXPECT_THROW(Rational(1, INT64_MAX) + Rational(1, INT64_MAX - 1), RationalOverflow);
  EXPECT_THROW(Rational(1) / Rational(0), std::domain_error);
  EXPECT_THROW(Rational(1, 0), std::domain_error);
  // Cross-reduction keeps results that fit representable.
  EXPECT_EQ(Rational(INT64_MAX, 2) * Rational(2, INT64_MAX), Rational(1));
}

TEST(RationalTest, ComparesWithoutOverflow) {
  EXPECT_FALSE(Rational(INT64_MAX - 1, INT64_MAX) < Rational(INT64_MAX - 2, INT64_MAX - 1));
  EXPECT_TRUE(Rational(INT64_MAX - 2, INT64_MAX - 1) < Rational(INT64_MAX - 1, INT64_MAX));
}

} // namespace
} // namespace phonon
