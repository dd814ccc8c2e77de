// The SQL of migration 0018 (server/migrations.ts): each account's team, so a lead's floor and
// queue figures are their own team's (Art. 26). Leads belong to a team like agents; no team
// (null) is an account outside every team (an administrator). Never edited once shipped.

export const TEAMS_SQL = `
      alter table agents add column team text
        check (team is null or (team = btrim(team) and length(team) between 1 and 40
                                and team !~ '[[:cntrl:]]'));
      create index agents_team_idx on agents (team);
`;
