//! `--sample N`: a uniform random sample of N documents in one pass over a stream of unknown
//! length (reservoir sampling, Li's "Algorithm L": it draws how many documents to skip, so the
//! cost per skipped document is a comparison). Reproducible: the same seed, input and N give the
//! same sample.

/// xoshiro256** seeded through splitmix64 (no dependency, stable across platforms and versions).
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in (0, 1): never 0, so its logarithm is finite.
    pub fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (n > 0), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }
}

/// Decides, document by document, which ones a reservoir of `k` keeps.
#[derive(Debug, Clone)]
pub struct Reservoir {
    k: u64,
    rng: Rng,
    seen: u64,
    w: f64,
    next: u64,
}

/// What to do with the document just offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    Skip,
    /// Append it (the reservoir is not full yet).
    Push,
    /// Replace the document in this slot.
    Replace(usize),
}

impl Reservoir {
    /// `k` must be at least 1.
    pub fn new(k: u64, seed: u64) -> Self {
        Reservoir {
            k: k.max(1),
            rng: Rng::new(seed),
            seen: 0,
            w: 1.0,
            next: 0,
        }
    }

    fn advance(&mut self) {
        let k = self.k as f64;
        self.w *= (self.rng.unit().ln() / k).exp();
        let skip = (self.rng.unit().ln() / (1.0 - self.w).ln()).floor();
        let skip = if skip.is_finite() && skip > 0.0 { skip as u64 } else { 0 };
        self.next = self.next.saturating_add(skip).saturating_add(1);
    }

    /// Offers the next document (documents are numbered in the order offered).
    pub fn offer(&mut self) -> Offer {
        let i = self.seen;
        self.seen += 1;
        if i < self.k {
            if i + 1 == self.k {
                self.next = i;
                self.advance();
            }
            return Offer::Push;
        }
        if i == self.next {
            let slot = self.rng.below(self.k) as usize;
            self.advance();
            return Offer::Replace(slot);
        }
        Offer::Skip
    }

    /// Documents offered so far.
    pub fn seen(&self) -> u64 {
        self.seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n: u64, k: u64, seed: u64) -> Vec<u64> {
        let mut r = Reservoir::new(k, seed);
        let mut slots: Vec<u64> = Vec::new();
        for i in 0..n {
            match r.offer() {
                Offer::Skip => {}
                Offer::Push => slots.push(i),
                Offer::Replace(j) => slots[j] = i,
            }
        }
        slots.sort_unstable();
        slots
    }

    #[test]
    fn reproducible_and_seed_dependent() {
        assert_eq!(sample(10_000, 100, 7), sample(10_000, 100, 7));
        assert_ne!(sample(10_000, 100, 7), sample(10_000, 100, 8));
        assert_eq!(sample(50, 100, 1), (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn every_position_equally_likely() {
        // 2,000 runs of k = 10 out of n = 100: each position should be chosen ~200 times.
        let (n, k, runs) = (100u64, 10u64, 2000u64);
        let mut hits = vec![0f64; n as usize];
        for seed in 0..runs {
            for i in sample(n, k, seed) {
                hits[i as usize] += 1.0;
            }
        }
        let expected = (runs * k) as f64 / n as f64;
        let chi2: f64 = hits.iter().map(|h| (h - expected).powi(2) / expected).sum();
        // 99 degrees of freedom: the 0.999 quantile is about 148.
        assert!(chi2 < 148.0, "chi-square {chi2}");
    }
}
