-- ThiDua: the schema of a new database.
--
-- `thidua migrate` applies this file to an empty database in one transaction. A database made
-- by an earlier version is upgraded by the steps in Sources/ThiDua/Resources/migrations instead,
-- so this file always describes the newest schema in full.

CREATE TABLE schema_version (
    version     integer PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    description text NOT NULL
);

CREATE EXTENSION IF NOT EXISTS unaccent;   -- accent-insensitive search
CREATE EXTENSION IF NOT EXISTS pg_trgm;    -- indexed substring search
CREATE EXTENSION IF NOT EXISTS btree_gist; -- no two cell assignments of a member overlap

-- Folds Vietnamese text for search: lower case, no diacritics, đ → d. unaccent() is only
-- STABLE (its dictionary could change); naming the dictionary makes this safe to index.
CREATE FUNCTION search_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, replace(replace($1, 'đ', 'd'), 'Đ', 'D')));

-- Vietnamese order where PostgreSQL has ICU (Debian's build does), else the C.UTF-8 order.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'vi-VN-x-icu') THEN
        CREATE COLLATION vietnamese (provider = icu, locale = 'vi-VN');
    ELSE
        CREATE COLLATION vietnamese FROM "C.UTF-8";
    END IF;
END $$;

-- Every write, in the same transaction as the write. Append-only: the triggers below refuse
-- UPDATE, DELETE and TRUNCATE to everybody, the service included.
CREATE TABLE audit_event (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id    uuid,
    -- The organization whose subtree may read the event; NULL: only system administrators.
    organization_id uuid,
    action      text NOT NULL,
    entity_type text NOT NULL,
    entity_id   text NOT NULL,
    before      jsonb,
    after       jsonb,
    request_id  text
);
CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id, at);
CREATE INDEX audit_event_at ON audit_event (at, id);

CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events cannot be changed or deleted' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

-- Accounts. Passwords are bcrypt hashes; tokens are stored only as their SHA-256.
CREATE TABLE app_user (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username      text NOT NULL CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
    full_name     text NOT NULL,
    password_hash text NOT NULL,
    disabled      boolean NOT NULL DEFAULT false,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_username ON app_user (username);

CREATE TABLE auth_token (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX auth_token_user ON auth_token (user_id);

CREATE TABLE login_failure (
    id       bigserial PRIMARY KEY,
    username text NOT NULL,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_recent ON login_failure (username, at);

-- Idempotency-Key of POSTs: the first answer is kept and replayed for the same key and body.
CREATE TABLE idempotency_key (
    key          text PRIMARY KEY,
    request_hash text NOT NULL,
    status       integer,            -- NULL while the first request is still running
    content_type text,
    location     text,
    body         bytea,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The party tree. `ancestors` holds the ids from the root down to the row itself, so a
-- subtree is `ancestors @> ARRAY[id]` on a GIN index, without recursion.
CREATE TABLE organization (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code         text NOT NULL UNIQUE,
    kind         text NOT NULL CHECK (kind IN ('CITY', 'DISTRICT', 'WARD', 'GRASSROOTS', 'CELL')),
    name         text NOT NULL CHECK (name <> ''),
    abbreviation text,
    parent_id    uuid REFERENCES organization (id),
    ancestors    uuid[] NOT NULL,
    valid_from   date NOT NULL,
    valid_to     date,
    successor_id uuid REFERENCES organization (id),
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX organization_parent ON organization (parent_id);
CREATE INDEX organization_ancestors ON organization USING gin (ancestors);
CREATE INDEX organization_search ON organization USING gin (search_fold(name) gin_trgm_ops);

-- Merged organizations: `organization_id` took over from `predecessor_id`.
CREATE TABLE organization_predecessor (
    organization_id uuid NOT NULL REFERENCES organization (id),
    predecessor_id  uuid NOT NULL REFERENCES organization (id),
    PRIMARY KEY (organization_id, predecessor_id)
);

CREATE TABLE member (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    full_name         text NOT NULL CHECK (full_name <> ''),
    search_name       text GENERATED ALWAYS AS (search_fold(full_name)) STORED,
    -- Vietnamese lists sort by given name (the last word), then by the whole name.
    given_name        text GENERATED ALWAYS AS (regexp_replace(full_name, '^.*\s', '')) STORED,
    gender            text NOT NULL CHECK (gender IN ('MALE', 'FEMALE')),
    birth_date        date,
    party_card_number text NOT NULL CONSTRAINT member_party_card_number_key UNIQUE,
    admitted_on       date NOT NULL,
    official_on       date CHECK (official_on IS NULL OR official_on >= admitted_on),
    category          text NOT NULL CHECK (category IN ('CAN_BO', 'CONG_CHUC', 'VIEN_CHUC', 'NGUOI_LAO_DONG', 'HUU_TRI', 'OTHER')),
    position          text,
    is_head           boolean NOT NULL DEFAULT false,
    status            text NOT NULL CHECK (status IN ('PROBATIONARY', 'OFFICIAL', 'EXEMPT', 'TRANSFERRED_OUT', 'REMOVED', 'DECEASED')),
    status_since      date,
    organization_id   uuid NOT NULL REFERENCES organization (id),
    cell_since        date NOT NULL,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_organization ON member (organization_id);
CREATE INDEX member_search ON member USING gin (search_name gin_trgm_ops);
CREATE INDEX member_order ON member ((given_name COLLATE vietnamese), (full_name COLLATE vietnamese), id);

-- Which cell a member belonged to, when: [valid_from, valid_to). A member is in exactly one
-- cell on any day of their membership; the exclusion constraint refuses overlaps.
CREATE TABLE member_assignment (
    id              bigserial PRIMARY KEY,
    member_id       uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL REFERENCES organization (id),
    valid_from      date NOT NULL,
    valid_to        date,
    CHECK (valid_to IS NULL OR valid_to > valid_from),
    EXCLUDE USING gist (member_id WITH =, daterange(valid_from, valid_to) WITH &&)
);
CREATE INDEX member_assignment_organization ON member_assignment (organization_id, valid_from);

-- Interruptions of membership (gián đoạn sinh hoạt đảng): [from_on, to_on], not counted in seniority.
CREATE TABLE membership_interruption (
    id        bigserial PRIMARY KEY,
    member_id uuid NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    from_on   date NOT NULL,
    to_on     date NOT NULL CHECK (to_on >= from_on),
    reason    text
);
CREATE INDEX membership_interruption_member ON membership_interruption (member_id);

-- Criteria frameworks. A version is never changed once written: a new text is a new version.
CREATE TABLE framework (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code            text NOT NULL,
    version         integer NOT NULL,
    decision_number text NOT NULL,
    issued_on       date NOT NULL,
    issuer          text NOT NULL,
    title           text NOT NULL,
    from_year       integer NOT NULL,
    to_year         integer,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (code, version)
);

CREATE TABLE criterion (
    framework_id uuid NOT NULL REFERENCES framework (id),
    position     integer NOT NULL,
    code         text NOT NULL,
    name_vi      text NOT NULL,
    name_en      text NOT NULL,
    description  text,
    indicators   text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (framework_id, code),
    UNIQUE (framework_id, position)
);

CREATE TABLE rule_set (
    year                    integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    grading_scheme          text NOT NULL CHECK (grading_scheme IN ('LEVELS_4', 'POINTS_100')),
    excellent_quota_percent numeric(5, 2) NOT NULL CHECK (excellent_quota_percent BETWEEN 0 AND 100),
    excellent_min_points    integer,
    good_min_points         integer,
    completed_min_points    integer,
    commitment_deadline     date NOT NULL,
    framework_code          text NOT NULL,
    version                 integer NOT NULL DEFAULT 1,
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CHECK (grading_scheme = 'LEVELS_4' OR (excellent_min_points > good_min_points AND good_min_points > completed_min_points))
);

-- A role at an organization, reaching its whole subtree. A system administrator's ADMIN grant
-- has no organization and reaches everything; a MEMBER grant names the linked member.
CREATE TABLE user_grant (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    organization_id uuid REFERENCES organization (id),
    role            text NOT NULL CHECK (role IN ('ADMIN', 'SECRETARY', 'STAFF', 'VIEWER', 'MEMBER')),
    member_id       uuid REFERENCES member (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (organization_id IS NOT NULL OR role = 'ADMIN'),
    CHECK ((role = 'MEMBER') = (member_id IS NOT NULL))
);
CREATE INDEX user_grant_user ON user_grant (user_id);

-- A member's commitment of a year (bản đăng ký cam kết làm theo) and its items.
CREATE TABLE commitment (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    member_id         uuid NOT NULL REFERENCES member (id),
    year              integer NOT NULL,
    status            text NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'ACKNOWLEDGED', 'RETURNED', 'CLOSED')),
    framework_code    text NOT NULL,
    framework_version integer NOT NULL,
    late              boolean NOT NULL DEFAULT false,
    submitted_at      timestamptz,
    acknowledged_at   timestamptz,
    acknowledged_by   uuid,
    returned_at       timestamptz,
    return_reason     text,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (member_id, year)
);
CREATE INDEX commitment_year_status ON commitment (year, status);

CREATE TABLE commitment_item (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    commitment_id uuid NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    criterion     text NOT NULL,
    action        text NOT NULL,
    target        text,
    UNIQUE (commitment_id, position)
);

-- A member's self-review of a year (bản tự kiểm điểm). `locked` once the cell review records
-- a proposal for the member or the ward decides their grade; reopening lifts it.
CREATE TABLE self_assessment (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    member_id      uuid NOT NULL REFERENCES member (id),
    year           integer NOT NULL,
    status         text NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED')),
    locked         boolean NOT NULL DEFAULT false,
    criteria       jsonb NOT NULL DEFAULT '[]',
    item_results   jsonb NOT NULL DEFAULT '[]',
    strengths      text,
    weaknesses     text,
    proposed_grade text CHECK (proposed_grade IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    submitted_at   timestamptz,
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (member_id, year)
);

-- The review of an organization for a year: a cell meeting proposes grades, a ward (or other
-- grassroots) committee decides them, the district grades its wards.
CREATE TABLE review (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id),
    year            integer NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('CELL', 'WARD', 'GRASSROOTS', 'DISTRICT')),
    held_on         date,
    chair           text,
    secretary       text,
    attendees       integer CHECK (attendees >= 0),
    eligible        integer CHECK (eligible >= 0),
    minutes         text,
    decision_number text,
    decided_on      date,
    criteria        jsonb NOT NULL DEFAULT '[]',
    strengths       text,
    limitations     text,
    reopened_at     timestamptz,
    reopen_reason   text,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, year),
    CHECK (attendees IS NULL OR eligible IS NULL OR attendees <= eligible)
);

CREATE TABLE grade_proposal (
    review_id      uuid NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    member_id      uuid NOT NULL REFERENCES member (id),
    proposed_grade text NOT NULL CHECK (proposed_grade IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    comment        text,
    votes_for      integer NOT NULL DEFAULT 0 CHECK (votes_for >= 0),
    votes_against  integer NOT NULL DEFAULT 0 CHECK (votes_against >= 0),
    votes_abstain  integer NOT NULL DEFAULT 0 CHECK (votes_abstain >= 0),
    PRIMARY KEY (review_id, member_id)
);

-- The decided grade of a member for a year, by the deciding organization.
CREATE TABLE member_grade (
    member_id       uuid NOT NULL REFERENCES member (id),
    year            integer NOT NULL,
    organization_id uuid NOT NULL REFERENCES organization (id),
    grade           text NOT NULL CHECK (grade IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    reason          text,
    decision_number text,
    decided_on      date,
    PRIMARY KEY (member_id, year)
);
CREATE INDEX member_grade_organization ON member_grade (organization_id, year);

CREATE TABLE organization_grade (
    organization_id uuid NOT NULL REFERENCES organization (id),
    year            integer NOT NULL,
    grade           text NOT NULL CHECK (grade IN ('HTXSNV', 'HTTNV', 'HTNV', 'KHTNV')),
    graded_by       uuid NOT NULL REFERENCES organization (id),
    PRIMARY KEY (organization_id, year)
);

-- The roster of a year: every member admitted by 31 December counts once, in the cell they
-- belonged to on 31 December, or on the day they left the party that year; members who left
-- before the year are not counted.
CREATE FUNCTION roster(root uuid, y integer) RETURNS TABLE (member_id uuid, cell_id uuid)
    LANGUAGE sql STABLE AS $$
    SELECT m.id, a.organization_id
    FROM member m
    CROSS JOIN LATERAL (SELECT CASE WHEN m.status IN ('TRANSFERRED_OUT', 'REMOVED', 'DECEASED')
                                         AND m.status_since <= make_date(y, 12, 31)
                                    THEN m.status_since ELSE make_date(y, 12, 31) END AS day) d
    JOIN member_assignment a ON a.member_id = m.id AND a.valid_from <= d.day AND (a.valid_to IS NULL OR a.valid_to > d.day)
    JOIN organization c ON c.id = a.organization_id
    WHERE m.admitted_on <= make_date(y, 12, 31)
      AND d.day >= make_date(y, 1, 1)
      AND c.ancestors @> ARRAY[root]
$$;

-- Party badges awarded: one per member and tier.
CREATE TABLE badge_award (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    member_id       uuid NOT NULL REFERENCES member (id),
    years           integer NOT NULL CHECK (years IN (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)),
    occasion_on     date NOT NULL,
    decision_number text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (member_id, years)
);

-- Outreach (tuyên truyền) by an organization.
CREATE TABLE activity (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organization (id),
    held_on         date NOT NULL,
    channel         text NOT NULL CHECK (channel IN ('CELL_MEETING', 'CONFERENCE', 'LOUDSPEAKER', 'PANEL', 'PORTAL', 'FACEBOOK', 'ZALO', 'CONTEST', 'OTHER')),
    topic           text NOT NULL,
    participants    integer CHECK (participants >= 0),
    note            text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_organization ON activity (organization_id, held_on);

-- Commendations: exactly one recipient, at most one of a form and basis a year.
CREATE TABLE commendation (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    member_id              uuid REFERENCES member (id),
    organization_id        uuid REFERENCES organization (id),
    year                   integer NOT NULL,
    form                   text NOT NULL CHECK (form IN ('BIEU_DUONG', 'GIAY_KHEN', 'BANG_KHEN', 'OTHER')),
    issuer_organization_id uuid NOT NULL REFERENCES organization (id),
    basis                  text NOT NULL CHECK (basis IN ('EXCELLENT_YEAR', 'EXCELLENT_5_YEARS', 'EXEMPLAR', 'OTHER')),
    criteria               text[] NOT NULL DEFAULT '{}',
    title                  text NOT NULL,
    decision_number        text NOT NULL,
    decided_on             date NOT NULL,
    citation               text,
    created_at             timestamptz NOT NULL DEFAULT now(),
    CHECK ((member_id IS NULL) <> (organization_id IS NULL))
);
CREATE UNIQUE INDEX commendation_member_once ON commendation (member_id, year, form, basis) WHERE member_id IS NOT NULL;
CREATE UNIQUE INDEX commendation_organization_once ON commendation (organization_id, year, form, basis) WHERE organization_id IS NOT NULL;
CREATE INDEX commendation_issuer ON commendation (issuer_organization_id, year);

-- Exemplary models (gương điển hình) and their stages; notes keep the history of stages.
CREATE TABLE exemplar (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    member_id       uuid REFERENCES member (id),
    organization_id uuid REFERENCES organization (id),
    criteria        text[] NOT NULL DEFAULT '{}',
    title           text NOT NULL,
    description     text,
    discovered_on   date NOT NULL,
    stage           text NOT NULL CHECK (stage IN ('DISCOVERED', 'NURTURED', 'PROPOSED', 'COMMENDED', 'REJECTED')),
    commendation_id uuid REFERENCES commendation (id),
    history         jsonb NOT NULL DEFAULT '[]',
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((member_id IS NULL) <> (organization_id IS NULL)),
    CHECK (stage <> 'COMMENDED' OR commendation_id IS NOT NULL)
);

-- Built in: Decision 500-QĐ/QU and the rule sets of 2016–2026.
WITH qd500 AS (
    INSERT INTO framework (code, version, decision_number, issued_on, issuer, title, from_year)
    VALUES ('QD500', 1, '500-QĐ/QU', DATE '2016-05-18',
            'Ban Thường vụ Quận ủy Hồng Bàng',
            'Tiêu chí làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về “Gương mẫu, cầu thị, trách nhiệm, nói đi đôi với làm”',
            2016)
    RETURNING id
)
INSERT INTO criterion (framework_id, position, code, name_vi, name_en, description, indicators)
SELECT qd500.id, c.position, c.code, c.name_vi, c.name_en, c.description, c.indicators
FROM qd500, (VALUES
    (1, 'GUONG_MAU', 'Gương mẫu', 'Exemplary',
     'Gương mẫu chấp hành và nêu gương trong công tác, sinh hoạt và nơi cư trú.',
     ARRAY['Chấp hành nghiêm chủ trương của Đảng, chính sách, pháp luật',
           'Gương mẫu trong công tác và nơi cư trú',
           'Sống giản dị, trung thực, liêm chính',
           'Người đứng đầu nêu gương trước']),
    (2, 'CAU_THI', 'Cầu thị', 'Eager to learn',
     'Cầu thị, học hỏi, lắng nghe và sửa chữa khuyết điểm.',
     ARRAY['Chủ động học tập nâng cao trình độ',
           'Lắng nghe ý kiến của nhân dân',
           'Tiếp thu phê bình, sửa chữa khuyết điểm']),
    (3, 'TRACH_NHIEM', 'Trách nhiệm', 'Responsible',
     'Trách nhiệm với công việc được giao và với nhân dân.',
     ARRAY['Hoàn thành nhiệm vụ được giao đúng thời hạn',
           'Dám nghĩ, dám làm, dám chịu trách nhiệm',
           'Giải quyết kịp thời kiến nghị của nhân dân']),
    (4, 'NOI_DI_DOI_VOI_LAM', 'Nói đi đôi với làm', 'Words match deeds',
     'Nói đi đôi với làm, có sản phẩm cụ thể.',
     ARRAY['Thực hiện đúng những điều đã đăng ký, cam kết',
           'Có sản phẩm cụ thể, đo đếm được'])
) AS c(position, code, name_vi, name_en, description, indicators);

INSERT INTO rule_set (year, grading_scheme, excellent_quota_percent, excellent_min_points, good_min_points,
                      completed_min_points, commitment_deadline, framework_code)
SELECT y,
       CASE WHEN y <= 2024 THEN 'LEVELS_4' ELSE 'POINTS_100' END,
       20,
       CASE WHEN y <= 2024 THEN NULL ELSE 90 END,
       CASE WHEN y <= 2024 THEN NULL ELSE 70 END,
       CASE WHEN y <= 2024 THEN NULL ELSE 50 END,
       -- Registration runs in January; in 2016 the decision came in May.
       CASE WHEN y = 2016 THEN DATE '2016-06-30' ELSE make_date(y, 1, 31) END,
       'QD500'
FROM generate_series(2016, 2026) AS y;

INSERT INTO schema_version (version, description) VALUES (1, 'registry: organizations, members, frameworks, rule sets');

-- BEGIN schema version 2: reports
-- Applied whole to a new database and, for a database of version 1, as the upgrade step
-- (Migrator reads this section out of this file), so the two never drift apart.

-- The day a member's place on year y's roster is read: 31 December, or the day they left.
CREATE FUNCTION roster_day(status text, status_since date, y integer) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN status IN ('TRANSFERRED_OUT', 'REMOVED', 'DECEASED') AND status_since <= make_date(y, 12, 31)
                THEN status_since ELSE make_date(y, 12, 31) END;

-- The roster of year y under an organization: each member admitted by the year's end, once,
-- in the cell they belonged to on their roster day.
CREATE OR REPLACE FUNCTION roster(root uuid, y integer) RETURNS TABLE (member_id uuid, cell_id uuid)
    LANGUAGE sql STABLE AS $$
    SELECT m.id, a.organization_id
    FROM member m
    CROSS JOIN LATERAL (SELECT roster_day(m.status, m.status_since, y) AS day) d
    JOIN member_assignment a ON a.member_id = m.id AND a.valid_from <= d.day AND (a.valid_to IS NULL OR a.valid_to > d.day)
    JOIN organization c ON c.id = a.organization_id
    WHERE m.admitted_on <= make_date(y, 12, 31)
      AND d.day >= make_date(y, 1, 1)
      AND c.ancestors @> ARRAY[root]
$$;

-- What the records say about members in every year that has a rule
-- set: their roster cell and what they did that year. This is the plain query the report
-- tables below are kept equal to.
CREATE FUNCTION report_member_facts(ids uuid[]) RETURNS TABLE (
    member_id uuid, year integer, cell_id uuid, registered boolean, submitted boolean, acknowledged boolean,
    late boolean, self_assessed boolean, grade text, tallies text[])
    LANGUAGE sql STABLE AS $$
    SELECT m.id, r.year, a.organization_id,
           c.status IS NOT NULL,
           coalesce(c.status IN ('SUBMITTED', 'ACKNOWLEDGED', 'CLOSED'), false),
           coalesce(c.status IN ('ACKNOWLEDGED', 'CLOSED'), false),
           coalesce(c.late, false),
           coalesce(s.status = 'SUBMITTED', false),
           g.grade,
           -- What else the member-year counts for, as 'topic|code': 'criterion:GUONG_MAU|TOT' per
           -- criterion of a submitted self-assessment (points of a POINTS_100 year become
           -- levels), 'commendation|GIAY_KHEN', 'exemplar|NURTURED' (by the year discovered),
           -- 'badge|30' (by the year of the occasion).
           CASE WHEN s.status = 'SUBMITTED' THEN ARRAY(
               SELECT 'criterion:' || (e ->> 'criterion') || '|' || coalesce(e ->> 'level',
                        CASE WHEN (e ->> 'points')::int >= r.excellent_min_points THEN 'XUAT_SAC'
                             WHEN (e ->> 'points')::int >= r.good_min_points THEN 'TOT'
                             WHEN (e ->> 'points')::int >= r.completed_min_points THEN 'TRUNG_BINH'
                             ELSE 'KEM' END)
               FROM jsonb_array_elements(s.criteria) e
               WHERE e ->> 'level' IS NOT NULL OR e ->> 'points' IS NOT NULL
               ORDER BY 1) ELSE '{}' END
           || ARRAY(SELECT 'commendation|' || k.form FROM commendation k WHERE k.member_id = m.id AND k.year = r.year ORDER BY 1)
           || ARRAY(SELECT 'exemplar|' || x.stage FROM exemplar x
                    WHERE x.member_id = m.id AND x.discovered_on BETWEEN make_date(r.year, 1, 1) AND make_date(r.year, 12, 31) ORDER BY 1)
           || ARRAY(SELECT 'badge|' || b.years FROM badge_award b
                    WHERE b.member_id = m.id AND b.occasion_on BETWEEN make_date(r.year, 1, 1) AND make_date(r.year, 12, 31) ORDER BY 1)
    -- The members as a join, not `m.id = ANY (ids)`, which searches the array linearly for
    -- every member. Callers pass a variable: the function is then inlined with the array's
    -- real length known, and the planner picks index lookups or hash joins accordingly.
    FROM (SELECT DISTINCT unnest(ids) AS id) picked
    JOIN member m ON m.id = picked.id
    JOIN rule_set r ON m.admitted_on <= make_date(r.year, 12, 31)
    CROSS JOIN LATERAL (SELECT roster_day(m.status, m.status_since, r.year) AS day) d
    JOIN member_assignment a ON a.member_id = m.id AND a.valid_from <= d.day AND (a.valid_to IS NULL OR a.valid_to > d.day)
    LEFT JOIN commitment c ON c.member_id = m.id AND c.year = r.year
    LEFT JOIN self_assessment s ON s.member_id = m.id AND s.year = r.year
    LEFT JOIN member_grade g ON g.member_id = m.id AND g.year = r.year
    WHERE d.day >= make_date(r.year, 1, 1)
$$;

-- Report tables: the member facts above, and their counts per organization and year for
-- every organization on the path of the member's cell (the cell, its ward, district, city).
-- Triggers on the records keep them current in the writing transaction, so a report reads
-- the row of its organization and those of its children, whatever its size.
CREATE TABLE report_member_year (
    member_id     uuid NOT NULL,
    year          integer NOT NULL,
    cell_id       uuid NOT NULL,
    registered    boolean NOT NULL,
    submitted     boolean NOT NULL,
    acknowledged  boolean NOT NULL,
    late          boolean NOT NULL,
    self_assessed boolean NOT NULL,
    grade         text,
    tallies       text[] NOT NULL,
    PRIMARY KEY (member_id, year)
);
CREATE INDEX report_member_year_cell ON report_member_year (cell_id, year) INCLUDE (member_id);

CREATE TABLE report_org_year (
    organization_id uuid NOT NULL,
    year            integer NOT NULL,
    members         integer NOT NULL,
    registered      integer NOT NULL,
    submitted       integer NOT NULL,
    acknowledged    integer NOT NULL,
    late            integer NOT NULL,
    self_assessed   integer NOT NULL,
    htxsnv          integer NOT NULL,
    httnv           integer NOT NULL,
    htnv            integer NOT NULL,
    khtnv           integer NOT NULL,
    PRIMARY KEY (organization_id, year)
);

-- The tallies of the member facts per organization and year: topic ('criterion:GUONG_MAU',
-- 'commendation', 'exemplar', 'badge'), code, and how many.
CREATE TABLE report_org_tally (
    organization_id uuid NOT NULL,
    year            integer NOT NULL,
    topic           text NOT NULL,
    code            text NOT NULL,
    count           integer NOT NULL,
    PRIMARY KEY (organization_id, year, topic, code)
);

-- Recognition of members is looked up by member; that of organizations is counted live.
CREATE INDEX exemplar_member ON exemplar (member_id) WHERE member_id IS NOT NULL;
CREATE INDEX exemplar_organization ON exemplar (organization_id) WHERE organization_id IS NOT NULL;

-- Who was on the roster under each organization, and in which years: bit n of `years` is
-- the year 2000 + n. People in a span of years are counted once from this (a summary's
-- `distinctMembers`) without reading every member-year.
CREATE TABLE report_org_member (
    organization_id uuid NOT NULL,
    member_id       uuid NOT NULL,
    years           bit(101) NOT NULL,
    PRIMARY KEY (organization_id, member_id)
);
CREATE INDEX report_org_member_member ON report_org_member (member_id);

CREATE FUNCTION report_year_bit(y integer) RETURNS bit(101)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN set_bit(B'0'::bit(101), y - 2000, 1);

-- Recomputes the rows of report_org_member of some members from their facts. (No "all when
-- NULL" here: `ids IS NULL OR ...` keeps the planner from the member index.)
CREATE FUNCTION report_place(ids uuid[]) RETURNS void
    LANGUAGE sql AS $$
    DELETE FROM report_org_member WHERE member_id = ANY (ids);
    INSERT INTO report_org_member
    SELECT a, f.member_id, bit_or(report_year_bit(f.year))
    FROM (SELECT DISTINCT unnest(ids) AS id) i
    JOIN report_member_year f ON f.member_id = i.id
    JOIN organization c ON c.id = f.cell_id, unnest(c.ancestors) a
    GROUP BY 1, 2;
$$;

-- Adds (sign 1) or takes away (sign -1) member facts in the counts of every organization on
-- the path of their cells (`ancestors` of the cell, itself included). Counts only ever move by
-- deltas, so two transactions touching one organization both land.
CREATE FUNCTION report_count(facts report_member_year[], sign integer) RETURNS void
    LANGUAGE sql AS $$
    -- Each fact placed on every organization of its cell's path, once for both tables.
    WITH placed AS MATERIALIZED (
        SELECT a AS organization_id, f.year, f.registered, f.submitted, f.acknowledged, f.late, f.self_assessed, f.grade, f.tallies
        FROM unnest(facts) f JOIN organization c ON c.id = f.cell_id, unnest(c.ancestors) a),
    counted AS (
        INSERT INTO report_org_year AS t
        SELECT organization_id, year, sign * count(*),
               sign * count(*) FILTER (WHERE registered), sign * count(*) FILTER (WHERE submitted),
               sign * count(*) FILTER (WHERE acknowledged), sign * count(*) FILTER (WHERE late),
               sign * count(*) FILTER (WHERE self_assessed),
               sign * count(*) FILTER (WHERE grade = 'HTXSNV'), sign * count(*) FILTER (WHERE grade = 'HTTNV'),
               sign * count(*) FILTER (WHERE grade = 'HTNV'), sign * count(*) FILTER (WHERE grade = 'KHTNV')
        FROM placed
        GROUP BY organization_id, year
        ON CONFLICT (organization_id, year) DO UPDATE SET
            members = t.members + excluded.members, registered = t.registered + excluded.registered,
            submitted = t.submitted + excluded.submitted, acknowledged = t.acknowledged + excluded.acknowledged,
            late = t.late + excluded.late, self_assessed = t.self_assessed + excluded.self_assessed,
            htxsnv = t.htxsnv + excluded.htxsnv, httnv = t.httnv + excluded.httnv,
            htnv = t.htnv + excluded.htnv, khtnv = t.khtnv + excluded.khtnv)
    INSERT INTO report_org_tally AS t
    SELECT organization_id, year, split_part(l, '|', 1), split_part(l, '|', 2), sign * count(*)
    FROM placed, unnest(placed.tallies) l
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (organization_id, year, topic, code) DO UPDATE SET count = t.count + excluded.count;
$$;

-- Moves the counts of cells whose path changed (an organization moved under another parent)
-- from their old ancestors to their new ones.
CREATE FUNCTION report_move_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('thidua.defer_reports', true) = 'on' THEN RETURN NULL; END IF;
    IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                   WHERE n.kind = 'CELL' AND n.ancestors IS DISTINCT FROM o.ancestors) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(7468696475610002);
    -- Each moved cell's own counts leave its old ancestors (-1) and join its new ones (+1).
    WITH report_moved AS (
        SELECT n.id AS cell_id, a AS ancestor, -1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(o.ancestors) a
        WHERE n.kind = 'CELL' AND n.ancestors IS DISTINCT FROM o.ancestors AND a <> n.id
        UNION ALL
        SELECT n.id, a, 1 FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(n.ancestors) a
        WHERE n.kind = 'CELL' AND n.ancestors IS DISTINCT FROM o.ancestors AND a <> n.id),
    counted AS (
        INSERT INTO report_org_year AS t
        SELECT m.ancestor, r.year, sum(m.sign * r.members), sum(m.sign * r.registered), sum(m.sign * r.submitted),
               sum(m.sign * r.acknowledged), sum(m.sign * r.late), sum(m.sign * r.self_assessed), sum(m.sign * r.htxsnv),
               sum(m.sign * r.httnv), sum(m.sign * r.htnv), sum(m.sign * r.khtnv)
        FROM report_moved m JOIN report_org_year r ON r.organization_id = m.cell_id
        GROUP BY 1, 2
        ON CONFLICT (organization_id, year) DO UPDATE SET
            members = t.members + excluded.members, registered = t.registered + excluded.registered,
            submitted = t.submitted + excluded.submitted, acknowledged = t.acknowledged + excluded.acknowledged,
            late = t.late + excluded.late, self_assessed = t.self_assessed + excluded.self_assessed,
            htxsnv = t.htxsnv + excluded.htxsnv, httnv = t.httnv + excluded.httnv,
            htnv = t.htnv + excluded.htnv, khtnv = t.khtnv + excluded.khtnv)
    INSERT INTO report_org_tally AS t
    SELECT m.ancestor, r.year, r.topic, r.code, sum(m.sign * r.count)
    FROM report_moved m JOIN report_org_tally r ON r.organization_id = m.cell_id
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (organization_id, year, topic, code) DO UPDATE SET count = t.count + excluded.count;
    PERFORM report_place(ARRAY(SELECT DISTINCT f.member_id FROM report_member_year f JOIN new_rows n ON n.id = f.cell_id
                               JOIN old_rows o ON o.id = n.id WHERE n.ancestors IS DISTINCT FROM o.ancestors));
    RETURN NULL;
END $$;
CREATE TRIGGER organization_reports_move AFTER UPDATE ON organization REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_move_trigger();

-- Recomputes the facts of some members from the records. One lock serializes refreshes, so
-- each reads the facts the previous one committed.
CREATE FUNCTION report_refresh(ids uuid[]) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    gone report_member_year[];
    added report_member_year[];
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
    PERFORM pg_advisory_xact_lock(7468696475610002);
    -- `= ANY` is fine here: it is an index condition on the key, not a filter over every row.
    WITH d AS (DELETE FROM report_member_year WHERE member_id = ANY (ids) RETURNING *)
    SELECT array_agg(d) INTO gone FROM d;
    PERFORM report_count(gone, -1);
    WITH i AS (INSERT INTO report_member_year SELECT * FROM report_member_facts(ids) RETURNING *)
    SELECT array_agg(i) INTO added FROM i;
    PERFORM report_count(added, 1);
    PERFORM report_place(ids);
END $$;

-- Rebuilds every report table from the records (after a bulk load or a rule set change).
CREATE FUNCTION report_rebuild() RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    y integer;
    everyone uuid[] := ARRAY(SELECT id FROM member);
BEGIN
    PERFORM pg_advisory_xact_lock(7468696475610002);
    DELETE FROM report_member_year;
    DELETE FROM report_org_year;
    DELETE FROM report_org_tally;
    INSERT INTO report_member_year SELECT * FROM report_member_facts(everyone);
    FOR y IN SELECT year FROM rule_set ORDER BY year LOOP
        PERFORM report_count(ARRAY(SELECT f FROM report_member_year f WHERE f.year = y), 1);
    END LOOP;
    DELETE FROM report_org_member;
    PERFORM report_place(everyone);
END $$;

-- Statement triggers: one refresh per statement for all the members it touched (a COPY of
-- 100,000 rows refreshes once). TG_ARGV[0] names the member column. A bulk loader may set
-- thidua.defer_reports = 'on' for its transaction and call report_rebuild() at the end.
CREATE FUNCTION report_refresh_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    added uuid[];
    gone uuid[];
BEGIN
    IF current_setting('thidua.defer_reports', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format('SELECT array_agg(DISTINCT %I) FILTER (WHERE %I IS NOT NULL) FROM new_rows', TG_ARGV[0], TG_ARGV[0]) INTO added;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format('SELECT array_agg(DISTINCT %I) FILTER (WHERE %I IS NOT NULL) FROM old_rows', TG_ARGV[0], TG_ARGV[0]) INTO gone;
    END IF;
    PERFORM report_refresh(ARRAY(SELECT DISTINCT unnest(coalesce(added, '{}') || coalesce(gone, '{}'))));
    RETURN NULL;
END $$;

DO $$
DECLARE
    t record;
BEGIN
    -- A new member has no cell yet (assignments follow it), so only its changes count.
    CREATE TRIGGER member_reports_update AFTER UPDATE ON member REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_refresh_trigger('id');
    CREATE TRIGGER member_reports_delete AFTER DELETE ON member REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION report_refresh_trigger('id');
    FOR t IN SELECT * FROM (VALUES ('member_assignment', 'member_id'), ('commitment', 'member_id'),
                                   ('self_assessment', 'member_id'), ('member_grade', 'member_id'), ('commendation', 'member_id'),
                                   ('exemplar', 'member_id'), ('badge_award', 'member_id')) AS v(tab, col) LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION report_refresh_trigger(%L)', t.tab || '_reports_insert', t.tab, t.col);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION report_refresh_trigger(%L)', t.tab || '_reports_update', t.tab, t.col);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION report_refresh_trigger(%L)', t.tab || '_reports_delete', t.tab, t.col);
    END LOOP;
END $$;

-- A rule set decides which years have facts and how points become levels; its quota and
-- deadline do not enter the facts (reports read the quota live), so changing them rebuilds
-- nothing.
CREATE FUNCTION report_rebuild_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('thidua.defer_reports', true) = 'on' THEN RETURN NULL; END IF;
    PERFORM report_rebuild();
    RETURN NULL;
END $$;
CREATE TRIGGER rule_set_reports AFTER INSERT OR DELETE OR UPDATE OF year, grading_scheme, excellent_min_points, good_min_points,
    completed_min_points ON rule_set
    FOR EACH STATEMENT EXECUTE FUNCTION report_rebuild_trigger();

-- Issued reports: numbered per issuer and year, their figures frozen as issued.
CREATE TABLE report_number (
    organization_id uuid NOT NULL REFERENCES organization (id),
    year            integer NOT NULL,
    last            integer NOT NULL,
    PRIMARY KEY (organization_id, year)
);

CREATE TABLE report_document (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind            text NOT NULL CHECK (kind IN ('ANNUAL', 'INTERIM', 'FINAL')),
    organization_id uuid NOT NULL REFERENCES organization (id),
    from_year       integer NOT NULL,
    to_year         integer NOT NULL CHECK (to_year >= from_year),
    sequence        integer NOT NULL,
    number          text NOT NULL,
    title           text NOT NULL,
    place           text NOT NULL,
    issued_on       date NOT NULL,
    issued_year     integer GENERATED ALWAYS AS (extract(year FROM issued_on)::integer) STORED,
    signer          jsonb NOT NULL,
    recipients      text[] NOT NULL,
    figures         jsonb NOT NULL,
    issued_by       uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, issued_year, sequence)
);
CREATE INDEX report_document_organization ON report_document (organization_id, issued_on);

-- An issued report is a record of what was signed: it is never changed or removed.
CREATE TRIGGER report_document_append_only BEFORE UPDATE OR DELETE ON report_document
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

SELECT report_rebuild();

INSERT INTO schema_version (version, description) VALUES (2, 'reports: member facts, per-cell counts, issued report documents');
-- END schema version 2

-- BEGIN schema version 3: hardening
-- The key of the idempotency fingerprints: a request's hash is sha256(key || request), so a
-- stored fingerprint of a body that held a password cannot be matched against guesses
-- without this key. Made once per database from PostgreSQL's strong random source.
CREATE TABLE server_secret (
    name  text PRIMARY KEY,
    value bytea NOT NULL CHECK (length(value) >= 32)
);
INSERT INTO server_secret (name, value)
VALUES ('idempotency', uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));

-- Keys expire (claims after a minute, answers after a day); the index serves the purge.
-- Rows kept so far may hold answers of logins, bearer tokens included: they go.
DELETE FROM idempotency_key;
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);

-- A login attempt, checked and recorded in one statement: under a lock on the username, the
-- failures of the window are read (each statement of a plpgsql function sees what the last
-- holder of the lock committed) and, when fewer than the limit, this attempt is recorded as a
-- failure before the password is checked; the caller deletes it again on success. Returns the
-- new row's id (NULL when throttled) and the failures seen (as Unix seconds). One round trip, so parallel
-- attempts queue on the lock inside the server, not on pooled connections.
CREATE FUNCTION login_attempt(name text, window_seconds double precision, max_failures bigint)
RETURNS TABLE (attempt bigint, failures double precision[]) LANGUAGE plpgsql AS $$
DECLARE
    seen double precision[];
    recorded bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('login'), hashtext(name));
    SELECT coalesce(array_agg(extract(epoch FROM f.at)::double precision ORDER BY f.at), '{}') INTO seen
    FROM login_failure f WHERE f.username = name AND f.at > clock_timestamp() - window_seconds * interval '1 second';
    IF cardinality(seen) < max_failures THEN
        INSERT INTO login_failure (username, at) VALUES (name, clock_timestamp()) RETURNING id INTO recorded;
    END IF;
    RETURN QUERY SELECT recorded, seen;
END
$$;

INSERT INTO schema_version (version, description) VALUES (3, 'hardening: keyed idempotency fingerprints that expire, atomic login attempts');
-- END schema version 3


-- BEGIN schema version 4: pages at city scale
-- A member's proposals, found without reading every proposal of every cell: the ward's
-- decision page and the year's progress look up each member of a roster of thousands.
CREATE INDEX grade_proposal_member ON grade_proposal (member_id);
INSERT INTO schema_version (version, description) VALUES (4, 'pages at city scale: proposals by member');
-- END schema version 4


-- BEGIN schema version 5: the hot path
-- A member's cells by member: the read of one member found them through the GiST exclusion
-- index (member_id, daterange), a slower lookup for an equality on member_id alone.
CREATE INDEX member_assignment_member ON member_assignment (member_id, valid_from);
INSERT INTO schema_version (version, description) VALUES (5, 'the hot path: assignments by member');
-- END schema version 5


-- BEGIN schema version 6: tokens held in memory
-- Every change to a user's tokens, account or grants tells each server process to forget the
-- user's tokens it holds (TokenCache), when the change commits: through the service or not.
-- Notifications of one transaction with the same payload arrive once.
CREATE FUNCTION notify_token_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'app_user' THEN
        PERFORM pg_notify('thidua_auth', COALESCE(NEW.id, OLD.id)::text);
    ELSE
        PERFORM pg_notify('thidua_auth', COALESCE(NEW.user_id, OLD.user_id)::text);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER auth_token_changed AFTER UPDATE OR DELETE ON auth_token FOR EACH ROW EXECUTE FUNCTION notify_token_change();
CREATE TRIGGER app_user_changed AFTER UPDATE OR DELETE ON app_user FOR EACH ROW EXECUTE FUNCTION notify_token_change();
CREATE TRIGGER user_grant_changed AFTER INSERT OR UPDATE OR DELETE ON user_grant FOR EACH ROW EXECUTE FUNCTION notify_token_change();
INSERT INTO schema_version (version, description) VALUES (6, 'tokens held in memory: changes notify thidua_auth');
-- END schema version 6


-- BEGIN schema version 7: the hot path, covered
-- The planner still preferred the GiST exclusion index to the btree of version 5 (the two
-- cost the same to it); holding the columns a member's record shows, the btree answers from
-- the index alone (an index-only scan) and is chosen.
DROP INDEX member_assignment_member;
CREATE INDEX member_assignment_member ON member_assignment (member_id, valid_from) INCLUDE (organization_id, valid_to);
-- A page of members in name order is chosen from the name-order index alone (the cell and the
-- status, which its filters read, held in it), and only the page's rows are read from the
-- table: a ward's first page read 734 rows of the table to keep 51 (2.0 ms, now 0.9 ms).
DROP INDEX member_order;
CREATE INDEX member_order ON member ((given_name COLLATE vietnamese), (full_name COLLATE vietnamese), id) INCLUDE (organization_id, status);
INSERT INTO schema_version (version, description) VALUES (7, 'the hot path: assignments by member, covered');
-- END schema version 7


-- BEGIN schema version 8: report tables rebuilt in sets
-- A full rebuild (after a bulk load) read every member-year through the function made for a
-- few members: three lookups a member-year for its recognition, a lookup of its cell for every
-- fact, planned for an array of ten. At 125,000 members that was 60 s of a 113 s city seed.
-- Over all members at once, the same facts come from one pass with hash joins, and the counts
-- from one aggregate each, into tables the rebuild has just emptied (no conflicts to merge).
-- The facts are those of report_member_facts, row for row (DemoLoadTests compares the two).
CREATE FUNCTION report_member_facts_all() RETURNS TABLE (
    member_id uuid, year integer, cell_id uuid, registered boolean, submitted boolean, acknowledged boolean,
    late boolean, self_assessed boolean, grade text, tallies text[])
    LANGUAGE sql STABLE AS $$
    WITH commended AS (
        SELECT k.member_id, k.year, array_agg('commendation|' || k.form ORDER BY 'commendation|' || k.form) AS t
        FROM commendation k WHERE k.member_id IS NOT NULL GROUP BY 1, 2),
    exemplary AS (
        SELECT x.member_id, extract(year FROM x.discovered_on)::integer AS year,
               array_agg('exemplar|' || x.stage ORDER BY 'exemplar|' || x.stage) AS t
        FROM exemplar x WHERE x.member_id IS NOT NULL GROUP BY 1, 2),
    badged AS (
        SELECT b.member_id, extract(year FROM b.occasion_on)::integer AS year,
               array_agg('badge|' || b.years ORDER BY 'badge|' || b.years) AS t
        FROM badge_award b GROUP BY 1, 2)
    SELECT m.id, r.year, a.organization_id,
           c.status IS NOT NULL,
           coalesce(c.status IN ('SUBMITTED', 'ACKNOWLEDGED', 'CLOSED'), false),
           coalesce(c.status IN ('ACKNOWLEDGED', 'CLOSED'), false),
           coalesce(c.late, false),
           coalesce(s.status = 'SUBMITTED', false),
           g.grade,
           CASE WHEN s.status = 'SUBMITTED' THEN ARRAY(
               SELECT 'criterion:' || (e ->> 'criterion') || '|' || coalesce(e ->> 'level',
                        CASE WHEN (e ->> 'points')::int >= r.excellent_min_points THEN 'XUAT_SAC'
                             WHEN (e ->> 'points')::int >= r.good_min_points THEN 'TOT'
                             WHEN (e ->> 'points')::int >= r.completed_min_points THEN 'TRUNG_BINH'
                             ELSE 'KEM' END)
               FROM jsonb_array_elements(s.criteria) e
               WHERE e ->> 'level' IS NOT NULL OR e ->> 'points' IS NOT NULL
               ORDER BY 1) ELSE '{}' END
           || coalesce(k.t, '{}') || coalesce(x.t, '{}') || coalesce(b.t, '{}')
    FROM member m
    JOIN rule_set r ON m.admitted_on <= make_date(r.year, 12, 31)
    CROSS JOIN LATERAL (SELECT roster_day(m.status, m.status_since, r.year) AS day) d
    JOIN member_assignment a ON a.member_id = m.id AND a.valid_from <= d.day AND (a.valid_to IS NULL OR a.valid_to > d.day)
    LEFT JOIN commitment c ON c.member_id = m.id AND c.year = r.year
    LEFT JOIN self_assessment s ON s.member_id = m.id AND s.year = r.year
    LEFT JOIN member_grade g ON g.member_id = m.id AND g.year = r.year
    LEFT JOIN commended k ON k.member_id = m.id AND k.year = r.year
    LEFT JOIN exemplary x ON x.member_id = m.id AND x.year = r.year
    LEFT JOIN badged b ON b.member_id = m.id AND b.year = r.year
    WHERE d.day >= make_date(r.year, 1, 1)
$$;

CREATE OR REPLACE FUNCTION report_rebuild() RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7468696475610002);
    DELETE FROM report_member_year;
    DELETE FROM report_org_year;
    DELETE FROM report_org_tally;
    DELETE FROM report_org_member;
    -- In key order: the primary key then grows at its right edge instead of at random pages.
    INSERT INTO report_member_year SELECT * FROM report_member_facts_all() ORDER BY member_id, year;
    -- What report_count adds for each fact, over all of them at once: counted per cell first,
    -- then the cells' counts summed on every organization of their paths.
    INSERT INTO report_org_year
    SELECT a, f.year, sum(f.members), sum(f.registered), sum(f.submitted), sum(f.acknowledged), sum(f.late),
           sum(f.self_assessed), sum(f.htxsnv), sum(f.httnv), sum(f.htnv), sum(f.khtnv)
    FROM (SELECT cell_id, year, count(*) AS members, count(*) FILTER (WHERE registered) AS registered,
                 count(*) FILTER (WHERE submitted) AS submitted, count(*) FILTER (WHERE acknowledged) AS acknowledged,
                 count(*) FILTER (WHERE late) AS late, count(*) FILTER (WHERE self_assessed) AS self_assessed,
                 count(*) FILTER (WHERE grade = 'HTXSNV') AS htxsnv, count(*) FILTER (WHERE grade = 'HTTNV') AS httnv,
                 count(*) FILTER (WHERE grade = 'HTNV') AS htnv, count(*) FILTER (WHERE grade = 'KHTNV') AS khtnv
          FROM report_member_year GROUP BY cell_id, year) f
    JOIN organization c ON c.id = f.cell_id, unnest(c.ancestors) a
    GROUP BY 1, 2;
    INSERT INTO report_org_tally
    SELECT a, f.year, f.topic, f.code, sum(f.count)
    FROM (SELECT cell_id, year, split_part(l, '|', 1) AS topic, split_part(l, '|', 2) AS code, count(*) AS count
          FROM report_member_year, unnest(tallies) l GROUP BY 1, 2, 3, 4) f
    JOIN organization c ON c.id = f.cell_id, unnest(c.ancestors) a
    GROUP BY 1, 2, 3, 4;
    INSERT INTO report_org_member
    SELECT a, f.member_id, bit_or(report_year_bit(f.year))
    FROM report_member_year f JOIN organization c ON c.id = f.cell_id, unnest(c.ancestors) a
    GROUP BY 1, 2;
END $$;
INSERT INTO schema_version (version, description) VALUES (8, 'report tables rebuilt in sets');
-- END schema version 8


-- BEGIN schema version 9: the nation above the provinces
-- National figures need one root over the provinces and centrally-run cities (`CITY`); a
-- city served alone stays a root.
ALTER TABLE organization DROP CONSTRAINT organization_kind_check,
    ADD CONSTRAINT organization_kind_check CHECK (kind IN ('NATION', 'CITY', 'DISTRICT', 'WARD', 'GRASSROOTS', 'CELL'));

-- A span's distinct members were counted over one report_org_member row per member under the
-- organization: a million rows at the top of a million members, most of the national
-- summary's time, and growing with the nation. Members with the same set of years are counted
-- together here; a span's distinct members are the sum over the sets that meet it, a few dozen
-- rows at any size. A set whose members all left keeps a row of 0 until the next rebuild.
CREATE TABLE report_org_years (
    organization_id uuid NOT NULL,
    years           bit(101) NOT NULL,
    members         integer NOT NULL,
    PRIMARY KEY (organization_id, years)
);
INSERT INTO report_org_years SELECT organization_id, years, count(*) FROM report_org_member GROUP BY 1, 2;

-- report_place as before, each member's rows leaving their sets' counts and joining them again
-- (keys in order, so two writers take the rows in the same order).
CREATE OR REPLACE FUNCTION report_place(ids uuid[]) RETURNS void
    LANGUAGE sql AS $$
    WITH gone AS (DELETE FROM report_org_member WHERE member_id = ANY (ids) RETURNING organization_id, years)
    INSERT INTO report_org_years AS t
    SELECT organization_id, years, -count(*) FROM gone GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (organization_id, years) DO UPDATE SET members = t.members + excluded.members;
    WITH placed AS (
        INSERT INTO report_org_member
        SELECT a, f.member_id, bit_or(report_year_bit(f.year))
        FROM (SELECT DISTINCT unnest(ids) AS id) i
        JOIN report_member_year f ON f.member_id = i.id
        JOIN organization c ON c.id = f.cell_id, unnest(c.ancestors) a
        GROUP BY 1, 2
        RETURNING organization_id, years)
    INSERT INTO report_org_years AS t
    SELECT organization_id, years, count(*) FROM placed GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (organization_id, years) DO UPDATE SET members = t.members + excluded.members;
$$;

-- Reviews and activities were counted live, joining every one under the organization to its
-- path: 430,000 reviews and 260,000 activities for a nation of a million members, most of the
-- national summary's time. They are counted on every organization of their path now, as member
-- facts are: per year, `source` ('review' or 'activity') and `code` ('' for a review, the
-- channel for an activity), with `total` the reviews reopened or the activities' participants.
CREATE TABLE report_org_record (
    organization_id uuid NOT NULL,
    year            integer NOT NULL,
    source          text NOT NULL,
    code            text NOT NULL,
    count           integer NOT NULL,
    total           bigint NOT NULL,
    PRIMARY KEY (organization_id, year, source, code)
);

-- What one review or activity adds to the counts of its organization's path.
CREATE TYPE report_record_fact AS (organization_id uuid, year integer, source text, code text, total bigint);

-- Every review's and activity's fact. Joined on `organization_id`, each branch reads its
-- table's organization index.
CREATE VIEW report_record_facts AS
    SELECT organization_id, year, 'review'::text AS source, ''::text AS code, (reopened_at IS NOT NULL)::int::bigint AS total FROM review
    UNION ALL
    SELECT organization_id, extract(year FROM held_on)::int, 'activity', channel, coalesce(participants, 0)::bigint FROM activity;

-- Adds `added` and takes away `gone` on every organization of their paths (`before` paths for
-- facts whose organization moved). Keys whose deltas cancel (an edit of the minutes) are not
-- written; the rest in key order, so two writers lock rows in the same order. Deltas need no
-- lock of their own: each upsert adds to the row as committed.
CREATE FUNCTION report_record_count(added report_record_fact[], gone report_record_fact[]) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO report_org_record AS t
    SELECT a, f.year, f.source, f.code, sum(f.sign), sum(f.sign * f.total)
    FROM (SELECT x.*, 1 AS sign FROM unnest(added) x UNION ALL SELECT x.*, -1 FROM unnest(gone) x) f
    JOIN organization o ON o.id = f.organization_id, unnest(o.ancestors) a
    GROUP BY 1, 2, 3, 4
    HAVING sum(f.sign) <> 0 OR sum(f.sign * f.total) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (organization_id, year, source, code) DO UPDATE SET count = t.count + excluded.count, total = t.total + excluded.total;
$$;

CREATE FUNCTION report_record_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    added report_record_fact[];
    gone report_record_fact[];
BEGIN
    IF current_setting('thidua.defer_reports', true) = 'on' THEN RETURN NULL; END IF;
    IF TG_TABLE_NAME = 'review' THEN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            SELECT array_agg((organization_id, year, 'review', '', (reopened_at IS NOT NULL)::int)::report_record_fact) INTO added FROM new_rows;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            SELECT array_agg((organization_id, year, 'review', '', (reopened_at IS NOT NULL)::int)::report_record_fact) INTO gone FROM old_rows;
        END IF;
    ELSE
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            SELECT array_agg((organization_id, extract(year FROM held_on)::int, 'activity', channel, coalesce(participants, 0))::report_record_fact)
            INTO added FROM new_rows;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            SELECT array_agg((organization_id, extract(year FROM held_on)::int, 'activity', channel, coalesce(participants, 0))::report_record_fact)
            INTO gone FROM old_rows;
        END IF;
    END IF;
    PERFORM report_record_count(coalesce(added, '{}'), coalesce(gone, '{}'));
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['review', 'activity'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION report_record_trigger()', t || '_records_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION report_record_trigger()', t || '_records_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION report_record_trigger()', t || '_records_delete', t);
    END LOOP;
END $$;

-- An organization that moved takes its own reviews and activities from its old path to its
-- new one (its subtree's rows move with it, each its own).
CREATE FUNCTION report_record_move_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('thidua.defer_reports', true) = 'on' THEN RETURN NULL; END IF;
    INSERT INTO report_org_record AS t
    SELECT a.id, f.year, f.source, f.code, sum(a.sign), sum(a.sign * f.total)
    FROM (SELECT n.id, o.ancestors AS before, n.ancestors AS after FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE n.ancestors IS DISTINCT FROM o.ancestors) m
    JOIN report_record_facts f ON f.organization_id = m.id
    CROSS JOIN LATERAL (SELECT x, -1 FROM unnest(m.before) x UNION ALL SELECT x, 1 FROM unnest(m.after) x) a(id, sign)
    GROUP BY 1, 2, 3, 4
    HAVING sum(a.sign) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (organization_id, year, source, code) DO UPDATE SET count = t.count + excluded.count, total = t.total + excluded.total;
    RETURN NULL;
END $$;
CREATE TRIGGER organization_records_move AFTER UPDATE ON organization REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_record_move_trigger();

CREATE FUNCTION report_record_rebuild() RETURNS void
    LANGUAGE sql AS $$
    DELETE FROM report_org_record;
    INSERT INTO report_org_record
    SELECT a, f.year, f.source, f.code, count(*), sum(f.total)
    FROM report_record_facts f JOIN organization o ON o.id = f.organization_id, unnest(o.ancestors) a
    GROUP BY 1, 2, 3, 4;
$$;
SELECT report_record_rebuild();

-- The set-based rebuild of version 8, then the sets of years and the records counted.
ALTER FUNCTION report_rebuild() RENAME TO report_rebuild_facts;
CREATE FUNCTION report_rebuild() RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_rebuild_facts();
    DELETE FROM report_org_years;
    INSERT INTO report_org_years SELECT organization_id, years, count(*) FROM report_org_member GROUP BY 1, 2 ORDER BY 1, 2;
    PERFORM report_record_rebuild();
END $$;
INSERT INTO schema_version (version, description) VALUES (9, 'the nation above the provinces; members counted by their years, reviews and activities on their paths');
-- END schema version 9
