//! The role of a proposed group of modules: a service, or one of the groups set apart from
//! the services (shared kernel, migrations, test support, front-ends, api types, library code
//! no binary reaches). Chosen by `cluster`, read by `metrics`, `report` and `check`.

/// Role of a proposed group of modules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// A deployable service.
    Service,
    /// A library every service links (error, config, util...), not a service.
    SharedKernel,
    /// Database migrations: run once by whoever owns the schema, not a service.
    Migrations,
    /// Test, seed, mock and fixture support.
    TestSupport,
    /// A front-end (WASM / web UI crate): a client of the services, not one.
    Frontend,
    /// A crate of request/response types only: the services' published contract.
    ApiTypes,
    /// Library code that none of the project's binaries reaches, in a library they use in
    /// part: not part of the application.
    Unreached,
}

impl Role {
    /// The roles of groups set apart from the services, in the order they are listed.
    pub const APART: [Role; 6] = [
        Role::SharedKernel,
        Role::Migrations,
        Role::TestSupport,
        Role::Frontend,
        Role::ApiTypes,
        Role::Unreached,
    ];

    /// SPEC name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Service => "service",
            Role::SharedKernel => "shared-kernel",
            Role::Migrations => "migrations",
            Role::TestSupport => "test-support",
            Role::Frontend => "frontend",
            Role::ApiTypes => "api-types",
            Role::Unreached => "unreached",
        }
    }

    /// What a group of this role is, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Role::Service => "a deployable service",
            Role::SharedKernel => "a library every service links, not a service",
            Role::Migrations => "schema migrations, run by the owner of the tables",
            Role::TestSupport => "test, seed and mock support, not deployed",
            Role::Frontend => "a front-end, a client of the services",
            Role::ApiTypes => "request/response types shared as the services' contract",
            Role::Unreached => "library code no binary of the project reaches, not deployed",
        }
    }
}
