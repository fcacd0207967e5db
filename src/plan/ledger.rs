//! A plan's books: its builds, operating costs and GPUs handed to the finance ledger, which
//! books the builds through the same cost model the optimizer priced them with.

use std::collections::BTreeMap;

use super::document::Plan;
use crate::finance::{Build, Ledger, LedgerInput};
use crate::site::Site;
use crate::site::buildables::catalog;

impl Plan {
    /// The plan's books for `site` (the site it was made from): capex, orders,
    /// depreciation, opex, cash flow, NPV and unit economics. A build the site's catalog does
    /// not list (a plan of another site; `dcplan check` says so) is left out.
    pub fn ledger(&self, site: &Site) -> Ledger {
        let items = catalog(site);
        let start = site.site.start_year;
        let mut builds = Vec::new();
        for y in &self.years {
            for b in &y.builds {
                let Some(item) = items
                    .iter()
                    .find(|i| i.component() == b.component && i.unit == b.quantity.unit())
                else {
                    continue;
                };
                let Some(year) = b.in_service_year.checked_sub(start) else {
                    continue;
                };
                builds.push(Build {
                    which: item.which,
                    year: year as usize,
                    quantity: b.quantity.value(),
                });
            }
        }
        let opex = self
            .years
            .iter()
            .map(|y| {
                y.costs_usd
                    .iter()
                    .filter(|(c, _)| c.is_opex())
                    .map(|(&c, &v)| (c, v))
                    .collect::<BTreeMap<_, _>>()
            })
            .collect();
        let input = LedgerInput {
            builds,
            opex,
            gpus_online: self.years.iter().map(|y| y.gpus_online as f64).collect(),
            it_mw: self.years.iter().map(|y| y.it_mw).collect(),
        };
        Ledger::new(site, &input)
    }
}
