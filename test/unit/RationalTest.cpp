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
  // 2^126 − 2^64 + 1 fits, and so does its double; three times it does not.
  Rational big = Rational(INT64_MAX) * Rational(INT64_MAX);
  EXPECT_THROW(big + big + big, RationalOverflow);
  EXPECT_THROW(big * Rational(3), RationalOverflow);
  Rational tiny = Rational(1, INT64_MAX) * Rational(1, INT64_MAX);
  EXPECT_THROW(tiny + Rational(1, INT64_MAX) * Rational(1, INT64_MAX - 1), RationalOverflow);
  EXPECT_THROW(Rational(1) / Rational(0), std::domain_error);
  EXPECT_THROW(Rational(1, 0), std::domain_error);
  // Cross-reduction keeps results that fit representable.
  EXPECT_EQ(big * (Rational(1) / big), Rational(1));
  EXPECT_EQ(Rational(INT64_MAX, 2) * Rational(2, INT64_MAX), Rational(1));
}

TEST(RationalTest, ArithmeticPast64BitsIsExact) {
  Rational big(INT64_MAX);
  Rational square = big * big;
  EXPECT_EQ(square.toString(), "85070591730234615847396907784232501249");
  EXPECT_EQ(square / big, big);
  Rational far = Rational(INT64_MAX) * Rational(INT64_MAX / 8); // about 2^123
  EXPECT_EQ((far + Rational(1, 3)) - far, Rational(1, 3));
  EXPECT_EQ(((far + Rational(1, 3)) * Rational(3) - Rational(1)) / far, Rational(3));
  EXPECT_EQ((-square).toString(), "-85070591730234615847396907784232501249");
  EXPECT_FALSE(square.fits64());
  EXPECT_TRUE(big.fits64());
  // What must fit 64 bits (IR constants, cycle numbers) says so instead of truncating.
  EXPECT_THROW((void)square.num(), RationalOverflow);
  EXPECT_THROW((void)square.floor(), RationalOverflow);
  EXPECT_EQ((square + Rational(1, 2)).sam(), square);
  EXPECT_EQ((square - Rational(7, 2)).cyclePos(), Rational(1, 2));
  // Denominators past 64 bits.
  Rational tiny = Rational(1, INT64_MAX) * Rational(1, INT64_MAX - 1);
  EXPECT_EQ(tiny.toFractionString(), "1/85070591730234615838173535747377725442");
  EXPECT_EQ((tiny + tiny) / tiny, Rational(2));
  EXPECT_EQ(Rational(3, 4).toFractionString(), "3/4");
  EXPECT_EQ(Rational(4).toFractionString(), "4/1");
  EXPECT_DOUBLE_EQ((square + Rational(1, 2)).toDouble(), 8.507059173023462e37);
  EXPECT_DOUBLE_EQ((Rational(345600) + tiny * Rational(INT64_MAX)).toDouble(), 345600.0);
}

TEST(RationalTest, ComparesWithoutOverflow) {
  EXPECT_FALSE(Rational(INT64_MAX - 1, INT64_MAX) < Rational(INT64_MAX - 2, INT64_MAX - 1));
  EXPECT_TRUE(Rational(INT64_MAX - 2, INT64_MAX - 1) < Rational(INT64_MAX - 1, INT64_MAX));
  // 128-bit terms: the cross products need 256 bits.
  Rational big = Rational(INT64_MAX) * Rational(INT64_MAX);
  Rational tiny = Rational(1, INT64_MAX) * Rational(1, INT64_MAX - 1);
  Rational tinier = Rational(1, INT64_MAX) * Rational(1, INT64_MAX);
  EXPECT_TRUE(tinier < tiny);
  EXPECT_FALSE(tiny < tinier);
  EXPECT_TRUE(-tiny < -tinier);
  EXPECT_TRUE(-tiny < tinier);
  Rational far = Rational(INT64_MAX) * Rational(INT64_MAX / 8); // about 2^123
  EXPECT_TRUE(far < far + Rational(1, 3));
  EXPECT_TRUE(-far - Rational(1, 3) < -far);
  EXPECT_TRUE(far + Rational(1, 3) < far + Rational(1, 2));
  EXPECT_TRUE(-far - Rational(1, 2) < -far - Rational(1, 3));
  EXPECT_TRUE(big * tiny < big * tinier + Rational(1));
  EXPECT_TRUE(tiny <= tiny && tiny >= tiny && !(tiny < tiny));
  EXPECT_TRUE(Rational(0) < tiny && -tiny < Rational(0));
}

TEST(RationalTest, RoundsToADyadicGrid) {
  EXPECT_EQ(Rational(1, 3).roundToGrid(20), Rational(349525, 1 << 20));
  EXPECT_EQ(Rational(2, 3).roundToGrid(20), Rational(699051, 1 << 20));
  EXPECT_EQ(Rational(-1, 3).roundToGrid(20), Rational(-349525, 1 << 20));
  EXPECT_EQ(Rational(1, 1 << 21).roundToGrid(20), Rational(1, 1 << 20)); // halves round up
  EXPECT_EQ(Rational(-1, 1 << 21).roundToGrid(20), Rational(0));
  EXPECT_EQ(Rational(345600 * 3 + 1, 3).roundToGrid(20),
            Rational(345600) + Rational(349525, 1 << 20));
  EXPECT_EQ(Rational(5, 4).roundToGrid(0), Rational(1));
}

} // namespace
} // namespace phonon
