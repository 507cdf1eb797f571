//! Exact outcome counts of any size: the product of option counts can pass `u128` (200 issues of
//! 10 options is 1e200), so it is kept as a decimal big integer.

use std::fmt;

/// A non-negative integer of any size, base 10^9 limbs, least significant first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigCount {
    limbs: Vec<u32>,
}

const BASE: u64 = 1_000_000_000;

impl BigCount {
    /// The number one.
    pub fn one() -> Self {
        BigCount { limbs: vec![1] }
    }

    /// The number zero.
    pub fn zero() -> Self {
        BigCount { limbs: vec![0] }
    }

    /// Multiplies in place by a machine integer.
    pub fn mul_small(&mut self, factor: u64) {
        if factor == 0 {
            *self = Self::zero();
            return;
        }
        // Split large factors so every partial product fits in u128.
        let mut carry: u128 = 0;
        for limb in &mut self.limbs {
            let v = u128::from(*limb) * u128::from(factor) + carry;
            *limb = (v % u128::from(BASE)) as u32;
            carry = v / u128::from(BASE);
        }
        while carry > 0 {
            self.limbs.push((carry % u128::from(BASE)) as u32);
            carry /= u128::from(BASE);
        }
    }

    /// The product of the given factors.
    pub fn product(factors: impl IntoIterator<Item = u64>) -> Self {
        let mut n = Self::one();
        for f in factors {
            n.mul_small(f);
        }
        n
    }

    /// The value when it fits in a `u128`.
    pub fn to_u128(&self) -> Option<u128> {
        let mut v: u128 = 0;
        for &limb in self.limbs.iter().rev() {
            v = v
                .checked_mul(u128::from(BASE))?
                .checked_add(u128::from(limb))?;
        }
        Some(v)
    }

    /// An approximation as a float (`inf` past `f64::MAX`), for messages and method choice.
    pub fn to_f64(&self) -> f64 {
        self.limbs
            .iter()
            .rev()
            .fold(0.0, |acc, &l| acc * BASE as f64 + f64::from(l))
    }
}

impl fmt::Display for BigCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut limbs = self.limbs.iter().rev();
        match limbs.next() {
            Some(top) => write!(f, "{top}")?,
            None => return f.write_str("0"),
        }
        for limb in limbs {
            write!(f, "{limb:09}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for BigCount {
    /// A JSON integer of any length, written digit for digit.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(self.to_string())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::BigCount;

    #[test]
    fn products_print_exactly() {
        assert_eq!(BigCount::product([3, 3, 5]).to_string(), "45");
        assert_eq!(BigCount::product([0, 7]).to_string(), "0");
        assert_eq!(
            BigCount::product([1_000_000_000, 1]).to_string(),
            "1000000000"
        );
        let big = BigCount::product(std::iter::repeat_n(10, 200));
        assert_eq!(big.to_string(), format!("1{}", "0".repeat(200)));
        assert_eq!(big.to_u128(), None);
        assert_eq!(
            BigCount::product([u64::MAX, 2]).to_u128(),
            Some(u128::from(u64::MAX) * 2)
        );
        assert_eq!(serde_json::to_string(&big).unwrap(), big.to_string());
        assert!((BigCount::product([4; 28]).to_f64() - 4f64.powi(28)).abs() < 1.0);
    }
}
