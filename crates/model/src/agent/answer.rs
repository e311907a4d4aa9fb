//! Answers: a principal accepts every offer whose expected utility reaches its aspiration
//! and beats security, and rejects the rest.

use super::beliefs::Offer;
use super::{Acceptance, Agent, Round};
use crate::actor::Role;
use crate::message::{Body, PackageId, RejectReason};
use crate::params::{OFFER_LIFETIME, TOLERANCE};

impl Agent {
    /// Answer the offers on the table (principals only). Accepting every acceptable offer,
    /// not just the best, lets the veto principals meet on any one package. A person in
    /// the seat (`chosen`) accepts the packages it lists and rejects the rest, each
    /// rejection giving the reason its numbers give.
    pub(super) fn answer(
        &mut self,
        r: &mut Round<'_>,
        offers: &[Offer],
        out: &mut super::Outbox,
        chosen: Option<&[PackageId]>,
    ) {
        let sc = r.sc;
        if sc.actor(self.id).role != Role::Principal {
            return;
        }
        let security = r.security;
        self.answered.retain(|p| p.round + OFFER_LIFETIME > r.round);
        self.judge_for_decisions(r);
        for o in offers {
            self.answered.insert(o.package);
            let eu = self.judge().of_package(&o.positions);
            let mut verdict = self.verdict(eu, security);
            if let Some(accepted) = chosen {
                verdict = match (accepted.contains(&o.package), verdict) {
                    (true, _) => None,
                    (false, Some(reason)) => Some(reason),
                    (false, None) => Some(RejectReason::BelowAspiration),
                };
            }
            let body = match verdict {
                Some(reason) => Body::Reject {
                    package: o.package,
                    reason,
                },
                None => {
                    r.accepted.push(Acceptance {
                        package: o.package,
                        expected_utility: eu,
                        security,
                        utility: self.utility(sc, &o.positions),
                    });
                    Body::Accept { package: o.package }
                }
            };
            if r.world.reachable(self.id, o.via) {
                out.send(o.via, Some(o.message), body);
            }
        }
    }

    /// The actor's own answer to an offer worth `eu` against `security`: `None` to accept,
    /// or why it rejects.
    pub(super) fn verdict(&self, eu: f64, security: f64) -> Option<RejectReason> {
        if eu <= security + TOLERANCE {
            Some(RejectReason::WorseThanSecurity)
        } else if eu + TOLERANCE < self.aspiration {
            Some(RejectReason::BelowAspiration)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use crate::message::{Body, RejectReason};

    fn answers(out: &super::super::StepOutput) -> Vec<&Body> {
        out.messages
            .iter()
            .map(|m| &m.body)
            .filter(|b| matches!(b, Body::Accept { .. } | Body::Reject { .. }))
            .collect()
    }

    #[test]
    fn an_offer_worse_than_security_is_rejected_as_such() {
        let mut b = Bench::new(scenario(), EAST);
        let out = b.step(vec![offer(0, WEST, EAST, [0.0, 0.0])]);
        assert!(
            matches!(
                answers(&out)[..],
                [Body::Reject {
                    reason: RejectReason::WorseThanSecurity,
                    ..
                }]
            ),
            "{:?}",
            answers(&out)
        );
    }

    #[test]
    fn a_trusted_offer_worth_the_aspiration_is_accepted_once_with_its_numbers() {
        let mut b = Bench::new(
            with(EAST, |a| {
                a.trust.set(WEST, 0.95);
            }),
            EAST,
        );
        for _ in 0..6 {
            b.step(Vec::new());
        }
        let good = offer(6, WEST, EAST, [1.0, 1.0]);
        let out = b.step(vec![good.clone()]);
        assert!(
            matches!(answers(&out)[..], [Body::Accept { .. }]),
            "{:?}",
            answers(&out)
        );
        let reply = out
            .messages
            .iter()
            .find(|m| matches!(m.body, Body::Accept { .. }));
        assert_eq!(reply.and_then(|m| m.reply_to), Some(good.id));
        let a = &out.snapshot.accepted;
        assert!(
            a.iter()
                .any(|a| a.expected_utility > a.security && a.utility >= a.expected_utility)
        );
        // The same package relayed again is not answered twice.
        let again = b.step(vec![good]);
        assert!(answers(&again).is_empty(), "{:?}", answers(&again));
    }

    #[test]
    fn a_package_worth_more_than_security_but_below_the_aspiration_waits() {
        let mut b = Bench::new(
            with(EAST, |a| {
                a.trust.set(WEST, 0.95);
            }),
            EAST,
        );
        let out = b.step(vec![offer(0, WEST, EAST, [0.9, 0.5])]);
        assert!(
            matches!(
                answers(&out)[..],
                [Body::Reject {
                    reason: RejectReason::BelowAspiration,
                    ..
                }]
            ),
            "{:?} (aspiration {})",
            answers(&out),
            out.snapshot.aspiration
        );
    }
}
