// Finds the closed rounds a staff member may look at (chair, auditor): reviews, their
// conferences, and each conference's rounds.

export async function closedRounds(api) {
  const reviews = await api.listReviews();
  const out = [];
  for (const summary of reviews) {
    const review = await api.review(summary.id);
    for (const c of [...(review.conferences || [])].sort((a, b) => a.step - b.step)) {
      const conference = c.rounds ? c : await api.conference(c.id);
      (conference.rounds || []).forEach((round, i) => {
        if (round.status === 'CLOSED') out.push({ review, conference, round, number: i + 1 });
      });
    }
  }
  return out;
}
