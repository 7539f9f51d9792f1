"""The text of the demo conference.

Panel P070 is the one in the seed page that started Colloquy: its title, chair,
affiliation, abstract and paper titles are copied as published. Everything
else, including the authors and abstracts of P070's papers, is invented: the
people are fictional, the affiliations real universities.
"""

P070_TITLE = "Co-Production and Citizen Participation in Public Services"
P070_CHAIR = ("Tony Bovaird", "University of Birmingham")
P070_ABSTRACT = (
    "The purpose of this panel will be to further our understanding of one particular form "
    "of interactive governance, namely co-production. Co-production is based on a combination "
    "of citizen/user inputs together with those of professional staff. It transforms the "
    "relationship between service users and providers, ensuring greater user influence. "
    "European countries have developed a variety of approaches to involving citizens and users "
    "in public services, ranging from simple interactions in the delivery process to more "
    "active consultation in decision-making. However, co-production represents a step beyond "
    "public consultation, it refers to a more in-depth and systematic participation of "
    "citizens and users in public services, where they are not only consulted but also help "
    "to create services. Co-production takes place in different stages of the policy process, "
    "from planning through delivery and review. Patterns of citizen/user participation differ "
    "for different services, with most involvement in the delivery stage of personal services, "
    "and more monitoring and review in regulatory services. However, most changes from "
    "co-production can be described as incremental, involving additions and modifications to "
    "existing services, rather than radical transformations that substitute the professional "
    "staff (OECD, 2011). This panel would like to address these issues conceptually and on the "
    "basis of empirical studies, through papers that focus on the role of users and citizens in "
    "the planning, delivery and governance of public services. We will particularly welcome "
    "papers that critically explore the relationship between co-production and: • empowerment "
    "and inclusion of different groups; • innovation in service processes and democratic "
    "decision-making; • accountability of public service planners and providers; • "
    "cost-effectiveness in public services; • unintended effects on stakeholders and service "
    "outcomes."
)

# (title, abstract, authors as (name, affiliation, presenter)); the first paper's
# second author, who presents it, is the demo author account.
P070_PAPERS = [
    (
        "Influences on Collective Coproduction of Public Services: Which Citizens Most "
        "Participate in Complex Governance Mechanisms?",
        "Collective forms of co-production, such as neighbourhood boards and service user "
        "councils, ask more of citizens than individual encounters with a service. Drawing on a "
        "survey of 4,200 residents in five European cities, this paper asks who takes part in "
        "such mechanisms and why. Education and prior civic experience predict participation, "
        "but so does a sense that the service is one's own: users of a service participate "
        "more than residents at large, even after controls.\n\n"
        "We discuss what this means for the representativeness of collective co-production and "
        "suggest designs that widen the circle of participants.",
        [
            ("Lena Hartmann", "University of Konstanz", True),
            ("Amira Haddad", "University of Amsterdam", True),
        ],
    ),
    (
        "Motivation, Trust and Control Beliefs Among Clients of Activation Programmes",
        "Activation programmes expect unemployed clients to co-produce their return to work. "
        "Using interviews with 63 clients and their caseworkers in Denmark and the Netherlands, "
        "we examine how clients' motivation, their trust in the agency and their beliefs about "
        "control over their own situation shape their engagement. Clients who trust their "
        "caseworker engage more, but control beliefs matter most: those who feel the outcome "
        "is out of their hands comply without contributing.",
        [
            ("Jonas Brandt", "Aarhus University", True),
            ("Sofie Vermeulen", "Utrecht University", False),
        ],
    ),
    (
        "How do Government Initiatives Affect Citizen Coproduction?",
        "Governments increasingly launch initiatives meant to stimulate citizen co-production, "
        "from participatory budgets to volunteer schemes in elder care. Exploiting the "
        "staggered introduction of such initiatives across 120 municipalities, this paper "
        "estimates their effect on citizens' reported co-production. Initiatives that hand "
        "citizens a defined task raise participation; those that only invite opinions do not, "
        "and may crowd out informal help.",
        [("Marco Bellini", "Bocconi University", True)],
    ),
    (
        "Co-Production and the Challenges of Marginalised Clients’ Inclusion",
        "Co-production promises empowerment, but the clients with the most to gain are often "
        "the least able to take part. Based on fieldwork in homelessness and mental health "
        "services in three countries, this paper identifies the practical, emotional and "
        "institutional barriers marginalised clients face, and the strategies front-line staff "
        "use to lower them. We argue that inclusion requires resources set aside for it, not "
        "just an open door.",
        [
            ("Aoife Gallagher", "Trinity College Dublin", True),
            ("Tomasz Wiśniewski", "University of Warsaw", False),
            ("Elif Kaya", "Sabancı University", False),
        ],
    ),
    (
        "Co-Production and the Sustainability of Third Sector Welfare Services",
        "Third sector organisations rely on volunteers and service users to deliver welfare "
        "services at a cost the state is willing to pay. This paper follows twelve Swedish and "
        "Italian social cooperatives over a decade and asks whether co-production makes them "
        "more sustainable or more fragile. Co-production builds legitimacy and lowers costs, "
        "but it also ties the organisation to the energy of a few committed members.",
        [("Karin Sjöberg", "Lund University", True)],
    ),
]

SECTIONS = [
    (
        "S01",
        "Comparative Politics",
        "Political institutions, parties and behaviour compared across countries and time.",
        [
            "Party System Change in Post-Crisis Europe",
            "Coalition Governance and Its Discontents",
            "Federalism, Decentralisation and Regional Parties",
            "The Politics of Constitutional Courts",
            "Authoritarian Resilience and Regime Change",
        ],
    ),
    (
        "S02",
        "Democracy and Participation",
        "How citizens take part in politics, and how democracies respond to them.",
        [
            "Deliberative Mini-Publics in Practice",
            "Youth Participation Beyond the Ballot Box",
            "Referendums and Direct Democracy",
            "Protest, Social Movements and Digital Mobilisation",
            "Political Inequality and Unequal Responsiveness",
        ],
    ),
    (
        "S03",
        "European Union Politics",
        "The institutions, policies and politics of European integration.",
        [
            "Differentiated Integration after Brexit",
            "The European Parliament and Its Party Groups",
            "Rule of Law Conflicts in the European Union",
            "EU Enlargement and the Western Balkans",
            "Crisis Governance in the Eurozone",
        ],
    ),
    (
        "S04",
        "International Relations",
        "Conflict, cooperation and order in world politics.",
        [
            "Rising Powers and the Liberal International Order",
            "Climate Diplomacy after Paris",
            "Sanctions as Instruments of Foreign Policy",
            "Peacebuilding and Post-Conflict Reconstruction",
            "Global Health Governance",
        ],
    ),
    (
        "S05",
        "Political Theory",
        "Normative and conceptual questions of politics.",
        [
            "Democratic Theory and the Climate Crisis",
            "Republicanism Revisited",
            "Justice Across Borders",
            "The Ethics of Political Compromise",
            "Rethinking Representation",
        ],
    ),
    (
        "S06",
        "Political Economy",
        "Markets, states and the distribution of wealth and power.",
        [
            "The Politics of Inflation",
            "Welfare State Reform and Its Electoral Consequences",
            "Green Industrial Policy",
            "Trade Unions in a Changing Labour Market",
            "The Political Economy of Housing",
        ],
    ),
    (
        "S07",
        "Public Policy and Administration",
        "How governments design, deliver and are held to account for public services.",
        [
            P070_TITLE,
            "Digital Government and Algorithmic Decision-Making",
            "Street-Level Bureaucracy Under Pressure",
            "Evidence-Based Policy: Promise and Practice",
            "Collaborative Governance in Local Government",
        ],
    ),
    (
        "S08",
        "Methods and Data",
        "New methods, data and research practices in political science.",
        [
            "Text as Data in Comparative Research",
            "Survey Experiments: Design and Inference",
            "Open Science and Replication in Political Science",
            "Causal Inference with Observational Data",
            "Qualitative Comparative Analysis Today",
        ],
    ),
]

KEYWORDS = [
    "accountability",
    "authoritarianism",
    "bureaucracy",
    "citizen participation",
    "climate change",
    "coalitions",
    "co-production",
    "courts",
    "democracy",
    "digitalisation",
    "elections",
    "European Union",
    "federalism",
    "foreign policy",
    "governance",
    "inequality",
    "institutions",
    "international organisations",
    "justice",
    "labour markets",
    "local government",
    "methods",
    "parties",
    "policy design",
    "populism",
    "public services",
    "representation",
    "social movements",
    "third sector",
    "welfare state",
]

FIRST_NAMES = [
    "Anna", "Ben", "Carla", "Dmitri", "Eva", "Farid", "Greta", "Hugo", "Ines", "Jan",
    "Katarzyna", "Luca", "Maja", "Nikos", "Olivia", "Pedro", "Quentin", "Rosa", "Stefan",
    "Tereza", "Ugo", "Vera", "Wiktor", "Ximena", "Yusuf", "Zofia", "Aleksander", "Birgit",
    "Cem", "Daniela", "Emil", "Fatima", "Gustav", "Hanna", "Ivan", "Julia", "Kofi", "Laura",
    "Mateo", "Nora", "Oskar", "Paula", "Rafael", "Sara", "Tobias", "Ulla", "Viktor", "Wen",
]  # fmt: skip

LAST_NAMES = [
    "Andersen", "Baumann", "Costa", "Dimitrov", "Eriksson", "Fischer", "García", "Horvat",
    "Ivanova", "Jansen", "Kowalski", "Lombardi", "Moreau", "Novák", "Olsen", "Papadopoulos",
    "Quintero", "Rossi", "Schmidt", "Tanaka", "Urban", "Varga", "Weber", "Yilmaz", "Zielińska",
    "Bergstrom", "Conti", "Dubois", "Esposito", "Ferreira", "Grünwald", "Hoffmann", "Jovanović",
    "Kuznetsova", "Lindberg", "Marino", "Nieminen", "O'Brien", "Petrov", "Ruiz", "Santos",
    "Toth", "Virtanen", "Wójcik", "Zhang", "Okafor", "Mensah", "Nakamura",
]  # fmt: skip

INSTITUTIONS = [
    "University of Oxford",
    "London School of Economics and Political Science",
    "University of Copenhagen",
    "Sciences Po",
    "European University Institute",
    "University of Mannheim",
    "Leiden University",
    "University of Bergen",
    "University of Vienna",
    "Central European University",
    "University of Ljubljana",
    "Charles University",
    "University of Zagreb",
    "Stockholm University",
    "University of Helsinki",
    "KU Leuven",
    "University of Geneva",
    "University of Milan",
    "Complutense University of Madrid",
    "University of Lisbon",
    "Jagiellonian University",
    "University of Tartu",
    "University College Dublin",
    "University of Edinburgh",
    "Humboldt University of Berlin",
    "University of Bologna",
    "University of Toronto",
    "University of Cape Town",
    "Koç University",
    "National University of Singapore",
]

# Paper titles are built from these: "<opening>: <subject> in <setting>".
TITLE_OPENINGS = [
    "Who Benefits?",
    "Beyond the Usual Suspects",
    "Between Promise and Practice",
    "Winners and Losers",
    "A Question of Trust",
    "Old Problems, New Tools",
    "Bringing the State Back In",
    "Mind the Gap",
    "Voice or Exit?",
    "Learning from Failure",
]
TITLE_SETTINGS = [
    "Central and Eastern Europe",
    "the Nordic Countries",
    "Southern Europe",
    "Twenty-Seven Member States",
    "German Länder",
    "Italian Municipalities",
    "a Panel Survey, 2010–2024",
    "Parliamentary Debates",
    "Three Case Studies",
    "a Cross-National Experiment",
]

ABSTRACT_OPENINGS = [
    "This paper examines {topic} through a comparative lens.",
    "Scholarship on {topic} has grown quickly, yet key questions remain open.",
    "We revisit a familiar puzzle in the study of {topic}.",
    "Recent events have put {topic} back at the centre of public debate.",
]
ABSTRACT_METHODS = [
    "Drawing on an original data set covering {setting}, we test three competing explanations.",
    "Using interviews with officials and a survey of citizens in {setting}, we trace how "
    "actors respond to changing incentives.",
    "We combine process tracing with a quantitative analysis of {setting}.",
    "A pre-registered survey experiment fielded in {setting} allows us to isolate the mechanism.",
]
ABSTRACT_FINDINGS = [
    "The results show that institutional design matters more than is usually assumed, and that "
    "its effects depend on the resources of those it addresses.",
    "We find that the effects are conditional: they appear where trust is high and vanish "
    "where it is low.",
    "Contrary to much of the literature, we find little evidence of the expected trade-off.",
    "The findings point to the importance of timing: early choices constrain later ones.",
]
ABSTRACT_CLOSINGS = [
    "We conclude with implications for theory and for practitioners.",
    "The paper ends by outlining an agenda for comparative research.",
    "We discuss the limits of our design and how future work could address them.",
]

PANEL_ABSTRACT_CLOSING = (
    "The panel brings together theoretical and empirical contributions, and welcomes "
    "comparative work as well as single-country studies. We particularly welcome papers by "
    "early-career researchers."
)
