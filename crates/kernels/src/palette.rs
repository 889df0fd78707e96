//! Colour ramps from the `colorous` crate (ColorBrewer, matplotlib, Turbo), sampled
//! once into a 256-entry RGBA lookup table, and the categorical palette the
//! assignment map gives owners.

use serde::{Deserialize, Deserializer, Serialize};

/// A sequential colour ramp by name. From JS: `"YlOrRd"`, `"viridis"`, … (any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(missing_as_null))]
pub enum Ramp {
    #[default]
    /// ColorBrewer yellow-orange-red (the default).
    YlOrRd,
    /// ColorBrewer orange-red.
    OrRd,
    /// ColorBrewer reds.
    Reds,
    /// ColorBrewer blues.
    Blues,
    /// ColorBrewer yellow-green-blue.
    YlGnBu,
    /// matplotlib viridis (perceptually uniform).
    #[serde(rename = "viridis")]
    Viridis,
    /// matplotlib inferno.
    #[serde(rename = "inferno")]
    Inferno,
    /// matplotlib magma.
    #[serde(rename = "magma")]
    Magma,
    /// matplotlib plasma.
    #[serde(rename = "plasma")]
    Plasma,
    /// cividis (readable with colour-vision deficiency).
    #[serde(rename = "cividis")]
    Cividis,
    /// Google Turbo.
    #[serde(rename = "turbo")]
    Turbo,
}

impl Ramp {
    /// Every ramp, in declaration order.
    pub const ALL: &'static [Ramp] = &[
        Ramp::YlOrRd,
        Ramp::OrRd,
        Ramp::Reds,
        Ramp::Blues,
        Ramp::YlGnBu,
        Ramp::Viridis,
        Ramp::Inferno,
        Ramp::Magma,
        Ramp::Plasma,
        Ramp::Cividis,
        Ramp::Turbo,
    ];

    /// The name options use (`"YlOrRd"`, `"viridis"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Ramp::YlOrRd => "YlOrRd",
            Ramp::OrRd => "OrRd",
            Ramp::Reds => "Reds",
            Ramp::Blues => "Blues",
            Ramp::YlGnBu => "YlGnBu",
            Ramp::Viridis => "viridis",
            Ramp::Inferno => "inferno",
            Ramp::Magma => "magma",
            Ramp::Plasma => "plasma",
            Ramp::Cividis => "cividis",
            Ramp::Turbo => "turbo",
        }
    }

    /// Reads a name in any case; the error lists the names.
    pub fn parse(name: &str) -> Result<Ramp, String> {
        Ramp::ALL
            .iter()
            .copied()
            .find(|r| r.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Ramp::ALL.iter().map(|r| r.name()).collect();
                format!("unknown ramp `{name}`; accepted: {}", names.join(", "))
            })
    }

    fn gradient(self) -> colorous::Gradient {
        match self {
            Ramp::YlOrRd => colorous::YELLOW_ORANGE_RED,
            Ramp::OrRd => colorous::ORANGE_RED,
            Ramp::Reds => colorous::REDS,
            Ramp::Blues => colorous::BLUES,
            Ramp::YlGnBu => colorous::YELLOW_GREEN_BLUE,
            Ramp::Viridis => colorous::VIRIDIS,
            Ramp::Inferno => colorous::INFERNO,
            Ramp::Magma => colorous::MAGMA,
            Ramp::Plasma => colorous::PLASMA,
            Ramp::Cividis => colorous::CIVIDIS,
            Ramp::Turbo => colorous::TURBO,
        }
    }

    /// The ramp's colour at `t` in 0..=1 (clamped).
    pub fn rgb(self, t: f64) -> [u8; 3] {
        let c = self.gradient().eval_continuous(t.clamp(0.0, 1.0));
        [c.r, c.g, c.b]
    }
}

impl<'de> Deserialize<'de> for Ramp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ramp::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// 256 non-premultiplied RGBA entries: entry `i` is the colour for `t = i / 255`.
/// Alpha rises with density (`opacity · min(1, 2t)`) so sparse areas fade into the
/// base map instead of ending at a hard edge.
#[derive(Clone)]
pub struct Lut(pub [[u8; 4]; 256]);

impl Lut {
    /// The ramp sampled at 256 evenly spaced points, alpha scaled by `opacity`.
    pub fn new(ramp: Ramp, opacity: f64) -> Lut {
        let mut lut = [[0u8; 4]; 256];
        let opacity = opacity.clamp(0.0, 1.0);
        for (i, e) in lut.iter_mut().enumerate() {
            let t = i as f64 / 255.0;
            let [r, g, b] = ramp.rgb(t);
            let a = (255.0 * opacity * (2.0 * t).min(1.0)).round() as u8;
            *e = [r, g, b, a];
        }
        Lut(lut)
    }

    /// The entry for `t` in 0..=1 (clamped), rounded to the nearest of the 256.
    #[inline]
    pub fn at(&self, t: f32) -> [u8; 4] {
        self.0[(t.clamp(0.0, 1.0) * 255.0 + 0.5) as usize]
    }
}

/// Owner colours: Tableau 10 without its grey (grey marks unassigned cells), then
/// ColorBrewer Set 3 and Dark 2, 29 colours in all, in an order where consecutive
/// colours differ strongly.
pub fn categorical() -> Vec<[u8; 3]> {
    colorous::TABLEAU10
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 9)
        .map(|(_, c)| c)
        .chain(
            colorous::SET3
                .iter()
                .filter(|c| !(c.r == c.g && c.g == c.b)),
        )
        .chain(
            colorous::DARK2
                .iter()
                .filter(|c| !(c.r == c.g && c.g == c.b)),
        )
        .map(|c| [c.r, c.g, c.b])
        .collect()
}

/// `rgba(r,g,b,a)` for CSS.
pub fn css([r, g, b, a]: [u8; 4]) -> String {
    format!("rgba({r},{g},{b},{:.3})", a as f64 / 255.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ramp is written as the name options use, and read back: the TypeScript
    /// type derived from the serde names (feature `typescript`) lists what parses.
    #[test]
    fn ramps_are_written_by_name() {
        for &r in Ramp::ALL {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.name()));
            assert_eq!(serde_json::from_str::<Ramp>(&json).unwrap(), r);
        }
    }

    #[test]
    fn lut_follows_colorous_and_fades_in() {
        let lut = Lut::new(Ramp::Viridis, 0.5);
        let c = colorous::VIRIDIS.eval_continuous(1.0);
        assert_eq!(lut.0[255], [c.r, c.g, c.b, 128]);
        assert_eq!(lut.0[0][3], 0);
        assert!(lut.0[64][3] > lut.0[32][3]);
        assert_eq!(lut.at(2.0), lut.0[255]);
        assert_eq!(lut.at(-1.0), lut.0[0]);
    }

    #[test]
    fn ramp_names_round_trip_and_errors_list_them() {
        for r in Ramp::ALL {
            assert_eq!(Ramp::parse(r.name()), Ok(*r));
        }
        assert_eq!(Ramp::parse("ylorrd"), Ok(Ramp::YlOrRd));
        assert!(Ramp::parse("rainbow").unwrap_err().contains("viridis"));
    }

    #[test]
    fn categorical_colours_are_distinct_and_not_grey() {
        let p = categorical();
        assert!(p.len() >= 20);
        for (i, a) in p.iter().enumerate() {
            assert!(!(a[0] == a[1] && a[1] == a[2]), "grey at {i}");
            for b in &p[..i] {
                assert_ne!(a, b);
            }
        }
    }
}
