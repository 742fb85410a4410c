/**
 * The data source the TypeORM CLI works on (`migration:generate`, `migration:revert`), chosen by
 * DATABASE_URL like the server's. The CLI runs on the compiled file: see README, "Changing the schema".
 */
import "reflect-metadata";
import { DataSource } from "typeorm";
import { loadConfig } from "../config";
import { dataSourceOptions } from "./data-source";

const config = loadConfig();
export default new DataSource(dataSourceOptions(config.database, config));
