-- Each mock registry keeps its own database, as the real agencies' systems do.
CREATE DATABASE registry_population;
CREATE DATABASE registry_civil;
CREATE DATABASE registry_vehicles;
CREATE DATABASE registry_social_insurance;
CREATE DATABASE registry_pension;
CREATE DATABASE registry_tax;
CREATE DATABASE registry_education;
CREATE DATABASE registry_disability;
CREATE DATABASE registry_payments;
